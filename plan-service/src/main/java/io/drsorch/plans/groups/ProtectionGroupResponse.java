package io.drsorch.plans.groups;

import io.drsorch.avro.ProtectionGroup;
import java.time.Instant;
import java.util.List;

/** A stored protection group as the API shows it. */
public record ProtectionGroupResponse(
    String groupId,
    String name,
    String region,
    List<String> sourceServerIds,
    String accountId,
    String roleArn,
    long version,
    Instant updatedAt) {

  static ProtectionGroupResponse of(ProtectionGroup group) {
    return new ProtectionGroupResponse(
        group.getGroupId(),
        group.getName(),
        group.getRegion(),
        List.copyOf(group.getSourceServerIds()),
        group.getAccountId(),
        group.getRoleArn(),
        group.getVersion(),
        group.getUpdatedAt());
  }
}
