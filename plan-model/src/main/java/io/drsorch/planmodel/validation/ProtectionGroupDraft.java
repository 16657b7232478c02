package io.drsorch.planmodel.validation;

import io.drsorch.schemas.limits.IdFormats;
import java.util.List;

/**
 * A protection group as a user submitted it, before validation.
 *
 * @param name required
 * @param region the region all its servers replicate into
 * @param sourceServerIds at least one, no duplicates
 * @param accountId optional AWS account (12 digits) the servers belong to
 * @param roleArn optional IAM role, in that account, that the launcher and the watcher assume for
 *     the DRS calls of these servers (cross-account recovery); without it they use their own
 *     credentials
 */
public record ProtectionGroupDraft(
    String name, String region, List<String> sourceServerIds, String accountId, String roleArn) {

  public ProtectionGroupDraft {
    sourceServerIds = sourceServerIds == null ? List.of() : sourceServerIds;
  }

  /** A group of the services' own account (no role to assume). */
  public ProtectionGroupDraft(
      String name, String region, List<String> sourceServerIds, String accountId) {
    this(name, region, sourceServerIds, accountId, null);
  }

  /**
   * The account the servers are in: the one given, else the role's (so that the DRS job quota is
   * counted per account even when only the role names it).
   */
  public String effectiveAccountId() {
    return accountId != null ? accountId : IdFormats.accountOfRoleArn(roleArn);
  }
}
