package io.drsorch.planmodel.validation;

import io.drsorch.schemas.limits.PlanLimits;
import java.util.List;
import java.util.Optional;

/**
 * The words an operator adds to what they do (an approval's comment, why a wave is rejected, an
 * execution paused or a failed wave marked done): free text like a plan's description, and bounded
 * like it. plan-service refuses a longer one with a 400 rather than forwarding it, and the
 * scheduler refuses it in a request produced straight to Kafka, in the same words.
 */
public final class OperatorTexts {

  /** Characters of one operator's text. */
  public static final int MAX_LENGTH = PlanLimits.MAX_DESCRIPTION_LENGTH;

  private OperatorTexts() {}

  /**
   * @throws InvalidRequestException when {@code text}, at {@code path}, is too long
   */
  public static void require(String path, String text) {
    check(path, text)
        .ifPresent(
            error -> {
              throw new InvalidRequestException(List.of(error));
            });
  }

  /** Why {@code text}, at {@code path}, is refused; empty when it is absent or short enough. */
  public static Optional<ValidationError> check(String path, String text) {
    if (text == null || text.length() <= MAX_LENGTH) {
      return Optional.empty();
    }
    return Optional.of(
        new ValidationError(
            path, path + " is " + text.length() + " characters long; at most " + MAX_LENGTH));
  }
}
