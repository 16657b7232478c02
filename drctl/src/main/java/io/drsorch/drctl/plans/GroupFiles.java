package io.drsorch.drctl.plans;

import io.drsorch.avro.ProtectionGroup;
import io.drsorch.planmodel.records.GroupDrafts;
import io.drsorch.planmodel.validation.GroupRef;
import io.drsorch.planmodel.validation.ProtectionGroupDraft;
import io.drsorch.planmodel.validation.ProtectionGroups;
import io.drsorch.planmodel.validation.ValidationError;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Protection groups read from files, for what drctl does without the plan-service: validating a
 * plan offline and freezing it into a request. Each file must be a valid group.
 */
public final class GroupFiles {

  private final Map<String, ProtectionGroup> groups;

  private GroupFiles(Map<String, ProtectionGroup> groups) {
    this.groups = groups;
  }

  public static GroupFiles read(List<Path> files) {
    Map<String, ProtectionGroup> groups = new LinkedHashMap<>();
    for (Path path : files == null ? List.<Path>of() : files) {
      DefinitionFile file = GroupCommand.DEFINITIONS.read(path);
      List<ValidationError> errors = GroupCommand.DEFINITIONS.errors(file);
      if (!errors.isEmpty()) {
        throw file.invalid(errors);
      }
      ProtectionGroupDraft draft = file.draft(ProtectionGroupDraft.class);
      groups.put(file.id(), GroupDrafts.toRecord(file.id(), draft, 0, Instant.EPOCH));
    }
    return new GroupFiles(groups);
  }

  /** The groups as plan validation sees them. */
  public ProtectionGroups lookup() {
    Map<String, GroupRef> refs = new LinkedHashMap<>();
    groups.forEach((id, g) -> refs.put(id, GroupDrafts.ref(g)));
    return ProtectionGroups.of(refs);
  }

  public Optional<ProtectionGroup> find(String groupId) {
    return Optional.ofNullable(groups.get(groupId));
  }
}
