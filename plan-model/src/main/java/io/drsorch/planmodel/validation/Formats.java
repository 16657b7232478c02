package io.drsorch.planmodel.validation;

import io.drsorch.schemas.limits.IdFormats;
import io.drsorch.schemas.limits.PlanLimits;

/**
 * The shapes of the identifiers DRS and this service accept, as {@link IdFormats} defines them for
 * every service (the scheduler refuses in a request what this service refuses in a plan), and how
 * an error message shows a rejected value.
 */
public final class Formats {

  private Formats() {}

  public static boolean isSourceServerId(String value) {
    return IdFormats.isSourceServerId(value);
  }

  public static boolean isRegion(String value) {
    return IdFormats.isRegion(value);
  }

  /** Wave ids, and the ids of plans, groups and executions in URLs and topic keys. */
  public static boolean isId(String value) {
    return IdFormats.isId(value);
  }

  /**
   * Why an id of a plan or group ({@code kind}: "plan" or "group") is refused; the service and the
   * CLI say it in the same words.
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

  public static boolean isAccountId(String value) {
    return IdFormats.isAccountId(value);
  }

  public static boolean isRoleArn(String value) {
    return accountOfRoleArn(value) != null;
  }

  /** The account of a well-formed role ARN, else null. */
  public static String accountOfRoleArn(String value) {
    return IdFormats.accountOfRoleArn(value);
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
