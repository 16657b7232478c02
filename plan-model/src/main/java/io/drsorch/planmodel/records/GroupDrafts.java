package io.drsorch.planmodel.records;

import io.drsorch.avro.ProtectionGroup;
import io.drsorch.planmodel.validation.GroupRef;
import io.drsorch.planmodel.validation.ProtectionGroupDraft;
import java.time.Instant;
import java.util.List;

/** Converts between what users submit for a protection group and what the groups topic stores. */
public final class GroupDrafts {

  private GroupDrafts() {}

  /**
   * A validated draft as the record to store. The account is the one given, else the role's, so
   * that a frozen plan names the account of every wave that assumes a role.
   */
  public static ProtectionGroup toRecord(
      String groupId, ProtectionGroupDraft draft, long version, Instant updatedAt) {
    return ProtectionGroup.newBuilder()
        .setGroupId(groupId)
        .setName(draft.name())
        .setRegion(draft.region())
        .setSourceServerIds(List.copyOf(draft.sourceServerIds()))
        .setAccountId(draft.effectiveAccountId())
        .setRoleArn(draft.roleArn())
        .setVersion(version)
        .setUpdatedAt(updatedAt)
        .build();
  }

  /** What plan validation needs to know of a stored group. */
  public static GroupRef ref(ProtectionGroup group) {
    return new GroupRef(group.getGroupId(), group.getRegion(), group.getSourceServerIds());
  }
}
