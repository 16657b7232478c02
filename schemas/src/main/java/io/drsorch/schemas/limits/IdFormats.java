package io.drsorch.schemas.limits;

import java.util.regex.Pattern;

/**
 * The one definition of the identifiers a plan and its records carry: what plan-service refuses in
 * a plan, the scheduler refuses in a request and the launcher and watcher in a command or event, in
 * the same terms. Every check is null-safe and bounded in length before a pattern runs.
 */
public final class IdFormats {

  /** DRS source server ids: {@code s-} and 17 alphanumerics. */
  private static final Pattern SOURCE_SERVER_ID = Pattern.compile("s-[0-9a-zA-Z]{17}");

  /** DRS job ids: {@code drsjob-} and 17 alphanumerics. */
  /** An EC2 instance id, as DRS names a recovery instance: {@code i-} and 8 or 17 hex digits. */
  private static final Pattern RECOVERY_INSTANCE_ID = Pattern.compile("i-[0-9a-fA-F]{8,17}");

  private static final Pattern JOB_ID = Pattern.compile("drsjob-[0-9a-zA-Z]{17}");

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

  /** The characters of plan, group, wave and execution ids (URL- and topic-key-safe). */
  private static final Pattern ID_CHARACTERS = Pattern.compile("[A-Za-z0-9_-]+");

  /** AWS account ids: twelve digits. */
  private static final Pattern ACCOUNT_ID = Pattern.compile("[0-9]{12}");

  /**
   * IAM role ARNs, in any partition: {@code arn:aws:iam::111122223333:role/path/Name}; group 1 is
   * the account. The role's own name is 1 to 64 characters, its path and name of IAM's characters.
   */
  private static final Pattern ROLE_ARN =
      Pattern.compile(
          "arn:aws(?:-[a-z]+)*:iam::([0-9]{12}):role/(?:[\\w+=,.@-]+/)*[\\w+=,.@-]{1,64}");

  private IdFormats() {}

  public static boolean isSourceServerId(String value) {
    return value != null && value.length() == 19 && SOURCE_SERVER_ID.matcher(value).matches();
  }

  public static boolean isRecoveryInstanceId(String value) {
    return value != null && value.length() <= 19 && RECOVERY_INSTANCE_ID.matcher(value).matches();
  }

  public static boolean isJobId(String value) {
    return value != null && value.length() == 24 && JOB_ID.matcher(value).matches();
  }

  public static boolean isRegion(String value) {
    return value != null && value.length() <= 32 && REGION.matcher(value).matches();
  }

  /** An id of 1 to {@link PlanLimits#MAX_ID_LENGTH} letters, digits, {@code _} or {@code -}. */
  public static boolean isId(String value) {
    return value != null && value.length() <= PlanLimits.MAX_ID_LENGTH && isIdCharacters(value);
  }

  /** Only an id's characters, whatever its length (the length is reported apart). */
  public static boolean isIdCharacters(String value) {
    return value != null && !value.isEmpty() && ID_CHARACTERS.matcher(value).matches();
  }

  public static boolean isAccountId(String value) {
    return value != null && ACCOUNT_ID.matcher(value).matches();
  }

  /** The account of a well-formed role ARN, else null. */
  public static String accountOfRoleArn(String value) {
    if (value == null || value.length() > PlanLimits.MAX_ROLE_ARN_LENGTH) {
      return null;
    }
    var matcher = ROLE_ARN.matcher(value);
    return matcher.matches() ? matcher.group(1) : null;
  }
}
