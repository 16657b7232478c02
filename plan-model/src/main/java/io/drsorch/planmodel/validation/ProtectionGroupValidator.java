package io.drsorch.planmodel.validation;

import static io.drsorch.schemas.limits.PlanLimits.MAX_NAME_LENGTH;
import static io.drsorch.schemas.limits.PlanLimits.MAX_SERVERS;

import io.drsorch.schemas.limits.IdFormats;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Checks a protection group before it is stored and lists every problem at once. Pure Java, shared
 * with the CLI like {@link PlanValidator}.
 */
public final class ProtectionGroupValidator {

  public List<ValidationError> validate(ProtectionGroupDraft group) {
    if (group == null) {
      return List.of(new ValidationError("", "a protection group is required"));
    }
    BoundedErrors errors = new BoundedErrors();
    check(group, errors);
    return errors.toList();
  }

  private static void check(ProtectionGroupDraft group, BoundedErrors errors) {
    if (Formats.isBlank(group.name())) {
      errors.add(new ValidationError("name", "name is required"));
    }
    PlanValidator.checkLength("name", group.name(), MAX_NAME_LENGTH, errors);
    PlanValidator.checkRegion("", group.region(), errors);
    if (group.sourceServerIds().isEmpty()) {
      errors.add(
          new ValidationError(
              "sourceServerIds", "a protection group needs at least one source server"));
    }
    if (group.sourceServerIds().size() > MAX_SERVERS) {
      errors.add(
          new ValidationError(
              "sourceServerIds",
              "a protection group may hold at most "
                  + MAX_SERVERS
                  + " source servers, got "
                  + group.sourceServerIds().size()));
      return;
    }
    Set<String> seen = new HashSet<>();
    for (int j = 0; j < group.sourceServerIds().size(); j++) {
      String server = group.sourceServerIds().get(j);
      String path = "sourceServerIds[" + j + "]";
      if (!IdFormats.isSourceServerId(server)) {
        errors.add(
            new ValidationError(
                path,
                "malformed source server id '"
                    + Formats.shown(server)
                    + "': expected s- and 17 letters or digits"));
      } else if (!seen.add(server)) {
        errors.add(new ValidationError(path, "server " + server + " is listed twice"));
      }
    }
    checkAccount("", group.accountId(), group.roleArn(), "the group's", errors);
  }

  /**
   * The account and the role to assume for a set of servers (a group's, or a frozen wave's): each
   * well-formed, and the role in that account when both are given.
   *
   * @param prefix what the field names follow: "" for a group, {@code waves[2].} for a wave
   * @param owner whose account it is, for the message: "the group's"
   */
  static void checkAccount(
      String prefix, String accountId, String roleArn, String owner, BoundedErrors errors) {
    if (accountId != null && !IdFormats.isAccountId(accountId)) {
      errors.add(
          new ValidationError(
              prefix + "accountId",
              "malformed account id '" + Formats.shown(accountId) + "': expected 12 digits"));
    }
    if (roleArn == null) {
      return;
    }
    String roleAccount = IdFormats.accountOfRoleArn(roleArn);
    if (roleAccount == null) {
      errors.add(
          new ValidationError(
              prefix + "roleArn",
              "malformed role ARN '"
                  + Formats.shown(roleArn)
                  + "': expected arn:aws:iam::<12-digit account>:role/<name>"));
    } else if (accountId != null && !roleAccount.equals(accountId)) {
      errors.add(
          new ValidationError(
              prefix + "roleArn",
              "role "
                  + roleArn
                  + " is in account "
                  + roleAccount
                  + ", not in "
                  + owner
                  + " account "
                  + Formats.shown(accountId)));
    }
  }
}
