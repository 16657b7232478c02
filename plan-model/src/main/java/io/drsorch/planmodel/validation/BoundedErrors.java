package io.drsorch.planmodel.validation;

import io.drsorch.schemas.limits.PlanLimits;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Collects the errors of one check and keeps at most {@link PlanLimits#MAX_ERRORS} of them: a
 * hostile 1 MB plan can have tens of thousands, and neither the answer nor the memory held while
 * checking may grow with them. The errors past the limit are only counted; the list then ends with
 * one entry saying how many were left out, so it never has more than {@code MAX_ERRORS} entries.
 */
public final class BoundedErrors {

  private final List<ValidationError> kept = new ArrayList<>();
  private int total;

  /** The list as answered: {@code errors} itself when short enough, else cut with a count. */
  public static List<ValidationError> bounded(List<ValidationError> errors) {
    if (errors.size() <= PlanLimits.MAX_ERRORS) {
      return List.copyOf(errors);
    }
    BoundedErrors bounded = new BoundedErrors();
    errors.forEach(bounded::add);
    return bounded.toList();
  }

  public void add(ValidationError error) {
    total++;
    if (kept.size() < PlanLimits.MAX_ERRORS) {
      kept.add(error);
    }
  }

  public void add(String path, String message) {
    add(new ValidationError(path, message));
  }

  /**
   * Adds an error whose message is built only if it will be listed: for checks that can fail once
   * per server of a plan, where building a million messages to keep a hundred would cost more than
   * the check.
   */
  public void add(String path, Supplier<String> message) {
    if (kept.size() < PlanLimits.MAX_ERRORS) {
      add(new ValidationError(path, message.get()));
    } else {
      total++;
    }
  }

  /**
   * Adds an error that must be listed whatever came before, ahead of the others: a limit broken
   * (too many servers) explains the errors that follow from it and must not be among those only
   * counted.
   */
  public void addFirst(ValidationError error) {
    total++;
    kept.add(0, error);
    if (kept.size() > PlanLimits.MAX_ERRORS) {
      kept.remove(kept.size() - 1);
    }
  }

  public void addAll(List<ValidationError> errors) {
    errors.forEach(this::add);
  }

  public boolean isEmpty() {
    return total == 0;
  }

  /** Every error seen, listed or not. */
  public int total() {
    return total;
  }

  public List<ValidationError> toList() {
    if (total <= PlanLimits.MAX_ERRORS) {
      return List.copyOf(kept);
    }
    int listed = PlanLimits.MAX_ERRORS - 1;
    List<ValidationError> answer = new ArrayList<>(kept.subList(0, listed));
    answer.add(
        new ValidationError(
            "",
            String.format(
                Locale.ROOT,
                "... and %,d more errors (only the first %d are listed)",
                total - listed,
                listed)));
    return List.copyOf(answer);
  }
}
