package io.drsorch.planmodel.validation;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Which wave launches each server of one plan, and which servers each protection group holds. Group
 * membership is looked up in a set built once per group: a plan may list tens of thousands of
 * servers against a group of thousands, and scanning the group's list for each would make one
 * request cost billions of comparisons.
 */
final class ServerClaims {

  private final Map<String, String> waveOfServer = new HashMap<>();
  private final Map<String, Set<String>> membersByGroup = new HashMap<>();

  boolean isMember(GroupRef group, String server) {
    return membersByGroup
        .computeIfAbsent(group.groupId(), id -> new HashSet<>(group.sourceServerIds()))
        .contains(server);
  }

  /**
   * Records that {@code wave} launches {@code server}.
   *
   * @return the wave that already launches it, or null when none did
   */
  String claim(String server, String wave) {
    return waveOfServer.putIfAbsent(server, wave);
  }

  /** Distinct servers the plan launches. */
  int count() {
    return waveOfServer.size();
  }
}
