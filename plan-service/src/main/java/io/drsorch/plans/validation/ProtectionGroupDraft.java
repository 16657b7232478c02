package io.drsorch.plans.validation;

import java.util.List;

/**
 * A protection group as a user submitted it, before validation.
 *
 * @param name required
 * @param region the region all its servers replicate into
 * @param sourceServerIds at least one, no duplicates
 * @param accountId optional AWS account (12 digits) the servers belong to
 */
public record ProtectionGroupDraft(
    String name, String region, List<String> sourceServerIds, String accountId) {

  public ProtectionGroupDraft {
    sourceServerIds = sourceServerIds == null ? List.of() : sourceServerIds;
  }
}
