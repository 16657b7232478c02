package io.drsorch.planmodel.validation;

import io.drsorch.schemas.limits.IdFormats;
import io.drsorch.schemas.limits.PlanLimits;

/**
 * How an error message names a malformed id and shows a rejected value. The shapes of the ids
 * themselves have one definition, {@link IdFormats}, which every service applies.
 */
public final class Formats {

  private Formats() {}

  /**
   * Why an id of a plan, group, wave or execution ({@code kind}: "plan"...) is refused; the
   * service, the CLI and the scheduler say it in the same words.
   */
  public static String malformedId(String kind, String value) {
    return "malformed "
        + kind
        + " id '"
        + shown(value)
        + "': use 1 to "
        + PlanLimits.MAX_ID_LENGTH
        + " letters, digits, '_' or '-'";
  }

  /** Longest piece of a rejected value that an error message repeats. */
  private static final int SHOWN_LENGTH = 80;

  /**
   * A rejected value as an error message shows it: cut short when long, so that an error body never
   * grows with the garbage that caused it.
   */
  public static String shown(String value) {
    if (value == null || value.length() <= SHOWN_LENGTH) {
      return value;
    }
    return value.substring(0, SHOWN_LENGTH) + "... (" + value.length() + " characters)";
  }

  static boolean isBlank(String value) {
    return value == null || value.isBlank();
  }
}
