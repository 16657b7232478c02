package io.drsorch.simulator.sts;

import io.drsorch.simulator.account.Accounts;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * STS {@code AssumeRole}: checks the parameters the way STS does, then issues credentials that lead
 * to the role's account. There is no IAM here, so any well-formed role can be assumed by anyone,
 * unless it is in {@link DeniedRoles}.
 *
 * <p>{@code Expiration} is read from a real clock, not the simulator's: only the SDK reads it, to
 * decide when to refresh, and it compares it with the machine's clock. A hand-moved test clock far
 * from today would make fresh credentials look expired and have them refreshed before every call.
 */
public final class AssumeRole {

  public static final String ACTION = "AssumeRole";

  static final int MIN_DURATION_SECONDS = 900;
  static final int MAX_DURATION_SECONDS = 43_200;
  static final int DEFAULT_DURATION_SECONDS = 3_600;

  /** A session assumed with another role's session lasts at most an hour in AWS. */
  static final int CHAINED_MAX_DURATION_SECONDS = 3_600;

  private static final String SESSION_NAME_CHARACTERS = "[\\w+=,.@-]*";
  private static final Pattern SESSION_NAME = Pattern.compile(SESSION_NAME_CHARACTERS);

  private final Clock expirationClock;
  private final Accounts accounts;
  private final IssuedCredentials issued;
  private final DeniedRoles denied;

  public AssumeRole(
      Clock expirationClock, Accounts accounts, IssuedCredentials issued, DeniedRoles denied) {
    this.expirationClock = expirationClock;
    this.accounts = accounts;
    this.issued = issued;
    this.denied = denied;
  }

  /**
   * Serves one call.
   *
   * @param parameters the Query protocol parameters, {@code RoleArn}, {@code RoleSessionName} and
   *     optionally {@code DurationSeconds}
   * @param callerAccessKey the access key the request was signed with, which names the caller
   * @throws StsError for every answer that is not a success
   */
  public RoleSession assume(Map<String, String> parameters, Optional<String> callerAccessKey) {
    List<String> violations = new ArrayList<>();
    Optional<RoleArn> role = roleArn(parameters.get("RoleArn"), violations);
    String sessionName = sessionName(parameters.get("RoleSessionName"), violations);
    int duration = durationSeconds(parameters.get("DurationSeconds"), violations);
    if (!violations.isEmpty()) {
      throw StsError.validation(violations);
    }
    Optional<RoleSession> callerSession = callerAccessKey.flatMap(issued::session);
    if (callerSession.isPresent() && duration > CHAINED_MAX_DURATION_SECONDS) {
      throw StsError.validation(
          "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by"
              + " role chaining.");
    }
    if (denied.isDenied(role.orElseThrow())) {
      throw StsError.accessDenied(
          "User: "
              + callerSession
                  .map(RoleSession::assumedRoleArn)
                  .orElseGet(() -> userArn(callerAccessKey))
              + " is not authorized to perform: sts:AssumeRole on resource: "
              + role.get().arn());
    }
    // The account exists from now on, so the admin API lists it before its first DRS call.
    accounts.account(role.get().accountId());
    Instant expiration =
        expirationClock.instant().truncatedTo(ChronoUnit.SECONDS).plusSeconds(duration);
    return issued.issue(role.get(), sessionName, expiration);
  }

  /** Keys the simulator did not issue belong to a user of the default account, named by the key. */
  private String userArn(Optional<String> accessKey) {
    return "arn:aws:iam::"
        + accounts.defaultAccount().accountId()
        + ":user/"
        + accessKey.orElse("anonymous");
  }

  private static Optional<RoleArn> roleArn(String value, List<String> violations) {
    if (value == null) {
      violations.add(notNull("roleArn"));
      return Optional.empty();
    }
    if (value.length() < 20 || value.length() > 2048) {
      violations.add(violation(value, "roleArn", "Member must have length between 20 and 2048"));
      return Optional.empty();
    }
    Optional<RoleArn> role = RoleArn.parse(value);
    if (role.isEmpty()) {
      violations.add(
          violation(
              value,
              "roleArn",
              "Member must be a role ARN, arn:aws:iam::<12-digit account id>:role/<role name>"));
    }
    return role;
  }

  private static String sessionName(String value, List<String> violations) {
    if (value == null) {
      violations.add(notNull("roleSessionName"));
    } else if (value.length() < 2) {
      violations.add(
          violation(
              value, "roleSessionName", "Member must have length greater than or equal to 2"));
    } else if (value.length() > 64) {
      violations.add(
          violation(value, "roleSessionName", "Member must have length less than or equal to 64"));
    } else if (!SESSION_NAME.matcher(value).matches()) {
      violations.add(
          violation(
              value,
              "roleSessionName",
              "Member must satisfy regular expression pattern: " + SESSION_NAME_CHARACTERS));
    }
    return value;
  }

  private static int durationSeconds(String value, List<String> violations) {
    if (value == null) {
      return DEFAULT_DURATION_SECONDS;
    }
    int seconds;
    try {
      seconds = Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      violations.add(violation(value, "durationSeconds", "Member must be a whole number"));
      return DEFAULT_DURATION_SECONDS;
    }
    if (seconds < MIN_DURATION_SECONDS) {
      violations.add(
          violation(
              value,
              "durationSeconds",
              "Member must have value greater than or equal to " + MIN_DURATION_SECONDS));
    } else if (seconds > MAX_DURATION_SECONDS) {
      violations.add(
          violation(
              value,
              "durationSeconds",
              "Member must have value less than or equal to " + MAX_DURATION_SECONDS));
    }
    return seconds;
  }

  private static String notNull(String member) {
    return "Value null at '" + member + "' failed to satisfy constraint: Member must not be null";
  }

  private static String violation(String value, String member, String constraint) {
    return "Value '" + value + "' at '" + member + "' failed to satisfy constraint: " + constraint;
  }
}
