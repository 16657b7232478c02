package io.drsorch.plans.readiness;

import io.drsorch.drsclient.DrsClients;
import io.drsorch.drsclient.Target;
import java.time.Duration;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.drs.model.ResourceNotFoundException;
import software.amazon.awssdk.services.drs.model.UninitializedAccountException;

/**
 * Runs one DRS read with a few attempts. The shared DRS clients have the SDK's retries off (a
 * repeated StartRecovery could launch twice), but a Describe call changes nothing, so retrying it
 * is safe: a throttled or failing call is tried again after DRS's {@code Retry-After} (capped),
 * else after a doubling pause. After the last attempt, or on any other refusal, the check cannot be
 * answered: {@link DrsUnavailableException}.
 *
 * <p>{@link ResourceNotFoundException} and {@link UninitializedAccountException} are answers, not
 * failures (the server or DRS itself is not there), and reach the caller as they are.
 */
final class DrsReads {

  /** The longest pause honoured between attempts: a REST request is waiting on it. */
  private static final Duration MAX_PAUSE = Duration.ofSeconds(5);

  private static final Duration FIRST_PAUSE = Duration.ofMillis(200);

  private final int attempts;

  DrsReads(int attempts) {
    this.attempts = Math.max(1, attempts);
  }

  /**
   * @param operation the DRS operation, for the message
   * @param target where it is called, for the message
   */
  <T> T call(String operation, Target target, Supplier<T> call) {
    for (int attempt = 1; ; attempt++) {
      try {
        return call.get();
      } catch (ResourceNotFoundException | UninitializedAccountException answer) {
        throw answer;
      } catch (AwsServiceException e) {
        if (!isRetryable(e) || attempt >= attempts) {
          throw unavailable(operation, target, attempt, e);
        }
        pause(attempt, DrsClients.retryAfterSeconds(e));
      } catch (SdkClientException e) {
        if (attempt >= attempts) {
          throw unavailable(operation, target, attempt, e);
        }
        pause(attempt, null);
      }
    }
  }

  /** Throttling (429) and DRS's own failures (5xx) pass; a refusal (403, 400) stays. */
  private static boolean isRetryable(AwsServiceException e) {
    return e.statusCode() == 429 || e.statusCode() >= 500 || e.isThrottlingException();
  }

  private static DrsUnavailableException unavailable(
      String operation, Target target, int attempts, RuntimeException e) {
    String code =
        e instanceof AwsServiceException aws && aws.awsErrorDetails() != null
            ? aws.awsErrorDetails().errorCode() + ": " + aws.awsErrorDetails().errorMessage()
            : e.getMessage();
    return new DrsUnavailableException(
        "cannot check readiness: DRS in "
            + target
            + " did not answer "
            + operation
            + " after "
            + attempts
            + (attempts == 1 ? " attempt" : " attempts")
            + " ("
            + code
            + "); try again later",
        e);
  }

  private static void pause(int attempt, Integer retryAfterSeconds) {
    Duration pause =
        retryAfterSeconds != null
            ? Duration.ofSeconds(retryAfterSeconds)
            : FIRST_PAUSE.multipliedBy(1L << Math.min(attempt - 1, 5));
    if (pause.compareTo(MAX_PAUSE) > 0) {
      pause = MAX_PAUSE;
    }
    try {
      Thread.sleep(pause.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DrsUnavailableException("interrupted while waiting to ask DRS again", e);
    }
  }
}
