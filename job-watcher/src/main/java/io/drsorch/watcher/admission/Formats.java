package io.drsorch.watcher.admission;

import java.util.regex.Pattern;

/**
 * The shapes of the identifiers wave events carry: those of plans as plan-service's validation
 * defines them, and DRS's own job ids.
 */
final class Formats {

  /** DRS source server ids: {@code s-} and 17 alphanumerics. */
  private static final Pattern SOURCE_SERVER_ID = Pattern.compile("s-[0-9a-zA-Z]{17}");

  /** DRS job ids: {@code drsjob-} and 17 alphanumerics. */
  private static final Pattern JOB_ID = Pattern.compile("drsjob-[0-9a-zA-Z]{17}");

  /** AWS regions: {@code us-east-1}, {@code us-gov-west-1}, {@code ap-southeast-2}. */
  private static final Pattern REGION =
      Pattern.compile(
          "[a-z]{2}(-gov|-iso[a-z]?)?"
              + "-(north|south|east|west|central|northeast|northwest|southeast|southwest)"
              + "-[1-9][0-9]?");

  /** Execution and wave ids (executions get UUIDs, waves the plan's ids). */
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]+");

  private static final Pattern ACCOUNT_ID = Pattern.compile("[0-9]{12}");

  /** IAM role ARNs in any partition; group 1 is the role's account. */
  private static final Pattern ROLE_ARN =
      Pattern.compile(
          "arn:aws(?:-[a-z]+)*:iam::([0-9]{12}):role/(?:[\\w+=,.@-]+/)*[\\w+=,.@-]{1,64}");

  /** IAM's own limit on a role ARN's length. */
  private static final int MAX_ROLE_ARN_LENGTH = 2048;

  private Formats() {}

  static boolean isSourceServerId(String value) {
    return SOURCE_SERVER_ID.matcher(value).matches();
  }

  static boolean isJobId(String value) {
    return JOB_ID.matcher(value).matches();
  }

  static boolean isRegion(String value) {
    return REGION.matcher(value).matches();
  }

  static boolean isIdCharacters(String value) {
    return ID.matcher(value).matches();
  }

  static boolean isAccountId(String value) {
    return ACCOUNT_ID.matcher(value).matches();
  }

  /** The account of a well-formed role ARN, else null. */
  static String accountOfRoleArn(String value) {
    if (value.length() > MAX_ROLE_ARN_LENGTH) {
      return null;
    }
    var matcher = ROLE_ARN.matcher(value);
    return matcher.matches() ? matcher.group(1) : null;
  }
}
