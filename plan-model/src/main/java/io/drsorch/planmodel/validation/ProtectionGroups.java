package io.drsorch.planmodel.validation;

import java.util.Map;
import java.util.Optional;

/**
 * Looks up the protection groups a plan may name. The service answers from its materialised view;
 * the CLI from groups it read from files.
 */
@FunctionalInterface
public interface ProtectionGroups {

  Optional<GroupRef> find(String groupId);

  static ProtectionGroups of(Map<String, GroupRef> groups) {
    Map<String, GroupRef> copy = Map.copyOf(groups);
    return id -> Optional.ofNullable(id == null ? null : copy.get(id));
  }

  static ProtectionGroups none() {
    return id -> Optional.empty();
  }
}
