package io.drsorch.plans.validation;

import java.util.regex.Pattern;

/** The shapes of the identifiers DRS and this service accept. */
public final class Formats {

  /** DRS source server ids: {@code s-} and 17 alphanumerics. */
  private static final Pattern SOURCE_SERVER_ID = Pattern.compile("s-[0-9a-zA-Z]{17}");

  /**
   * AWS regions: a two-letter area, an optional partition marker ({@code gov}, {@code iso}, {@code
   * isob}...), a direction and a number: {@code us-east-1}, {@code us-gov-west-1}, {@code
   * ap-southeast-2}.
   */
  private static final Pattern REGION =
      Pattern.compile(
          "[a-z]{2}(-gov|-iso[a-z]?)?"
              + "-(north|south|east|west|central|northeast|northwest|southeast|southwest)"
              + "-[1-9][0-9]?");

  /** Wave ids, and the ids of plans and groups in URLs and topic keys. */
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  /** AWS account ids: twelve digits. */
  private static final Pattern ACCOUNT_ID = Pattern.compile("[0-9]{12}");

  /**
   * IAM role ARNs, in any partition: {@code arn:aws:iam::111122223333:role/path/Name}; group 1 is
   * the account. The role's own name is 1 to 64 characters, its path and name of IAM's characters.
   */
  private static final Pattern ROLE_ARN =
      Pattern.compile(
          "arn:aws(?:-[a-z]+)*:iam::([0-9]{12}):role/(?:[\\w+=,.@-]+/)*[\\w+=,.@-]{1,64}");

  private Formats() {}

  public static boolean isSourceServerId(String value) {
    return value != null && SOURCE_SERVER_ID.matcher(value).matches();
  }

  public static boolean isRegion(String value) {
    return value != null && REGION.matcher(value).matches();
  }

  public static boolean isId(String value) {
    return value != null && ID.matcher(value).matches();
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
        + "': use 1 to 64 letters, digits, '_' or '-'";
  }

  public static boolean isAccountId(String value) {
    return value != null && ACCOUNT_ID.matcher(value).matches();
  }

  public static boolean isRoleArn(String value) {
    return value != null && value.length() <= 2048 && ROLE_ARN.matcher(value).matches();
  }

  /** The account of a well-formed role ARN, else null. */
  public static String accountOfRoleArn(String value) {
    if (!isRoleArn(value)) {
      return null;
    }
    var matcher = ROLE_ARN.matcher(value);
    return matcher.matches() ? matcher.group(1) : null;
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
