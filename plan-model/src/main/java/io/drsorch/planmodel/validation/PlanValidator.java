package io.drsorch.planmodel.validation;

import static io.drsorch.schemas.limits.PlanLimits.MAX_DEPENDENCIES;
import static io.drsorch.schemas.limits.PlanLimits.MAX_DESCRIPTION_LENGTH;
import static io.drsorch.schemas.limits.PlanLimits.MAX_EXECUTION_TIMEOUT_MINUTES;
import static io.drsorch.schemas.limits.PlanLimits.MAX_NAME_LENGTH;
import static io.drsorch.schemas.limits.PlanLimits.MAX_SERVERS;
import static io.drsorch.schemas.limits.PlanLimits.MAX_TIMEOUT_MINUTES;
import static io.drsorch.schemas.limits.PlanLimits.MAX_WAVES;
import static io.drsorch.schemas.limits.PlanLimits.MIN_TIMEOUT_MINUTES;

import io.drsorch.schemas.limits.IdFormats;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Checks a recovery plan before it is stored or executed, and lists every problem at once (up to
 * {@link io.drsorch.schemas.limits.PlanLimits#MAX_ERRORS}, the rest counted), each at the path of
 * the offending field ({@code waves[1].dependsOn[0]}), so a user fixes a plan in one round trip.
 *
 * <p>Pure Java on purpose: the service and the offline CLI run exactly the same rules, with the
 * bounds of {@link io.drsorch.schemas.limits.PlanLimits} that the scheduler checks too. Protection
 * groups come from a {@link ProtectionGroups} lookup, because a wave may take its servers from one.
 *
 * <p>Work is linear in the size of the plan: a request of hostile content costs about what reading
 * it did.
 *
 * <p>Its checks of the waves are also those of a frozen plan, an {@code ExecutionRequested} (see
 * {@link ExecutionRequestValidator}), so that the scheduler refuses in a request produced straight
 * to Kafka what this refuses in a plan, in the same words.
 */
public final class PlanValidator {

  /** What every limit of a plan's size advises. */
  private static final String SPLIT_IT = "split it into several plans";

  private final ProtectionGroups groups;

  /** The field a wave's id is in: {@code id} in a plan, {@code waveId} in a request. */
  private final String waveIdField;

  public PlanValidator(ProtectionGroups groups) {
    this(groups, "id");
  }

  PlanValidator(ProtectionGroups groups, String waveIdField) {
    this.groups = groups;
    this.waveIdField = waveIdField;
  }

  /** Every problem of the plan, in the order of its fields; empty when the plan is valid. */
  public List<ValidationError> validate(PlanDraft plan) {
    if (plan == null) {
      return List.of(new ValidationError("", "a plan is required"));
    }
    BoundedErrors errors = new BoundedErrors();
    check(plan, errors);
    return errors.toList();
  }

  private void check(PlanDraft plan, BoundedErrors errors) {
    if (Formats.isBlank(plan.name())) {
      errors.add(new ValidationError("name", "name is required"));
    }
    checkLength("name", plan.name(), MAX_NAME_LENGTH, errors);
    checkLength("description", plan.description(), MAX_DESCRIPTION_LENGTH, errors);
    checkTimeout("waveTimeoutMinutes", plan.waveTimeoutMinutes(), MAX_TIMEOUT_MINUTES, errors);
    checkTimeout(
        "executionTimeoutMinutes",
        plan.executionTimeoutMinutes(),
        MAX_EXECUTION_TIMEOUT_MINUTES,
        errors);
    checkMinutes(
        "maxReplicationLagMinutes",
        plan.maxReplicationLagMinutes(),
        PlanOptions.MIN_REPLICATION_LAG_MINUTES,
        PlanOptions.MAX_REPLICATION_LAG_MINUTES,
        errors);
    checkLifecycleOptions(plan.rtoTargetMinutes(), plan.drillCleanupAfterMinutes(), errors);
    checkWaves(plan.waves(), errors);
  }

  /**
   * The options a plan freezes into each of its executions: checked in a plan and, by {@link
   * ExecutionRequestValidator}, in a request produced straight to Kafka.
   */
  static void checkLifecycleOptions(
      Integer rtoTargetMinutes, Integer drillCleanupAfterMinutes, BoundedErrors errors) {
    checkMinutes(
        "rtoTargetMinutes",
        rtoTargetMinutes,
        PlanOptions.MIN_RTO_TARGET_MINUTES,
        PlanOptions.MAX_RTO_TARGET_MINUTES,
        errors);
    checkMinutes(
        "drillCleanupAfterMinutes",
        drillCleanupAfterMinutes,
        PlanOptions.MIN_DRILL_CLEANUP_AFTER_MINUTES,
        PlanOptions.MAX_DRILL_CLEANUP_AFTER_MINUTES,
        errors);
  }

  /** Everything about the waves: their ids, servers and dependencies, cycles and limits. */
  void checkWaves(List<WaveDraft> waves, BoundedErrors errors) {
    if (waves.isEmpty()) {
      errors.add(new ValidationError("waves", "a plan needs at least one wave"));
      return;
    }
    if (waves.size() > MAX_WAVES) {
      // Checked before anything else about the waves: their errors alone would be unbounded.
      errors.add(tooManyWaves(waves.size()));
      return;
    }
    Map<String, Integer> firstIndexById = checkWaveIds(waves, errors);
    ServerClaims claims = new ServerClaims();
    for (int i = 0; i < waves.size(); i++) {
      WaveDraft wave = waves.get(i);
      if (wave != null) {
        checkWave(i, wave, firstIndexById, claims, errors);
      }
    }
    errors.addAll(new CycleFinder(waves, firstIndexById).cycles());
    // The limits go first: the errors of so many servers or dependencies could otherwise push
    // them out of the listed ones. The checks above go on regardless, as their work is linear and
    // their errors are bounded, so that a plan's cycles are named even when it is too large.
    int servers = claims.count();
    if (servers > MAX_SERVERS) {
      errors.addFirst(tooManyServers(servers));
    }
    long dependencies = total(waves, WaveDraft::dependsOn);
    if (dependencies > MAX_DEPENDENCIES) {
      errors.addFirst(tooManyDependencies(dependencies));
    }
  }

  static ValidationError tooManyWaves(long waves) {
    return new ValidationError(
        "waves", "a plan may have at most " + MAX_WAVES + " waves, got " + waves + ": " + SPLIT_IT);
  }

  static ValidationError tooManyServers(long servers) {
    return new ValidationError(
        "waves",
        "a plan may launch at most "
            + MAX_SERVERS
            + " source servers, got "
            + servers
            + ": "
            + SPLIT_IT);
  }

  static ValidationError tooManyDependencies(long dependencies) {
    return new ValidationError(
        "waves",
        "a plan may have at most "
            + MAX_DEPENDENCIES
            + " dependencies in all, got "
            + dependencies
            + ": "
            + SPLIT_IT);
  }

  /** Entries of one list of every wave, all waves together. */
  private static long total(List<WaveDraft> waves, Function<WaveDraft, List<String>> list) {
    long total = 0;
    for (WaveDraft wave : waves) {
      if (wave != null) {
        total += list.apply(wave).size();
      }
    }
    return total;
  }

  /** An optional text field that must not exceed {@code max} characters. */
  static void checkLength(String path, String value, int max, BoundedErrors errors) {
    if (value != null && value.length() > max) {
      errors.add(
          new ValidationError(
              path, path + " is " + value.length() + " characters long; at most " + max));
    }
  }

  static void checkTimeout(String path, Integer minutes, int max, BoundedErrors errors) {
    checkMinutes(path, minutes, MIN_TIMEOUT_MINUTES, max, errors);
  }

  /** An optional number of minutes that must lie between {@code min} and {@code max}. */
  static void checkMinutes(String path, Integer minutes, int min, int max, BoundedErrors errors) {
    if (minutes != null && (minutes < min || minutes > max)) {
      errors.add(
          new ValidationError(
              path, path + " must be between " + min + " and " + max + " minutes, got " + minutes));
    }
  }

  /** Checks ids and returns the index of the first wave with each well-formed id. */
  private Map<String, Integer> checkWaveIds(List<WaveDraft> waves, BoundedErrors errors) {
    Map<String, Integer> firstIndexById = new LinkedHashMap<>();
    for (int i = 0; i < waves.size(); i++) {
      WaveDraft wave = waves.get(i);
      String path = "waves[" + i + "]";
      if (wave == null) {
        errors.add(new ValidationError(path, "a wave must be an object, not null"));
        continue;
      }
      String id = wave.id();
      String idPath = path + "." + waveIdField;
      if (Formats.isBlank(id)) {
        errors.add(new ValidationError(idPath, "wave id is required"));
      } else if (!IdFormats.isId(id)) {
        errors.add(new ValidationError(idPath, Formats.malformedId("wave", id)));
      } else if (firstIndexById.containsKey(id)) {
        errors.add(
            new ValidationError(
                idPath,
                "duplicate wave id '" + id + "' (also waves[" + firstIndexById.get(id) + "])"));
      } else {
        firstIndexById.put(id, i);
      }
    }
    return firstIndexById;
  }

  private void checkWave(
      int index,
      WaveDraft wave,
      Map<String, Integer> firstIndexById,
      ServerClaims claims,
      BoundedErrors errors) {
    String path = "waves[" + index + "]";
    String label = IdFormats.isId(wave.id()) ? wave.id() : path;
    checkLength(path + ".name", wave.name(), MAX_NAME_LENGTH, errors);
    boolean regionValid = checkRegion(path, wave.region(), errors);
    Optional<GroupRef> group = checkGroup(path, wave, regionValid, errors);
    checkServers(path, label, wave, group, claims, errors);
    checkDependencies(path, wave, firstIndexById, errors);
    checkWaveMinutes(path, "timeoutMinutes", wave.timeoutMinutes(), errors);
    checkApproval(path, label, wave, errors);
    checkOptionalServers(path, label, wave, group, claims, errors);
    ActionValidator.check(path, label, wave, errors);
  }

  /** A wave's own number of minutes, 1 to a day like its timeout. */
  private static void checkWaveMinutes(
      String path, String field, Integer minutes, BoundedErrors errors) {
    if (minutes != null && (minutes < MIN_TIMEOUT_MINUTES || minutes > MAX_TIMEOUT_MINUTES)) {
      errors.add(
          new ValidationError(
              path + "." + field,
              field
                  + " must be between "
                  + MIN_TIMEOUT_MINUTES
                  + " and "
                  + MAX_TIMEOUT_MINUTES
                  + ", got "
                  + minutes));
    }
  }

  /**
   * An approval timeout bounds how long a wave waits at its approval gate: on a wave without one it
   * would do nothing, and a plan author who wrote it surely meant the gate too.
   */
  private static void checkApproval(
      String path, String label, WaveDraft wave, BoundedErrors errors) {
    checkWaveMinutes(path, "approvalTimeoutMinutes", wave.approvalTimeoutMinutes(), errors);
    if (wave.approvalTimeoutMinutes() != null && !wave.approvalRequired()) {
      errors.add(
          new ValidationError(
              path + ".approvalTimeoutMinutes",
              "approvalTimeoutMinutes applies only to a wave that waits for approval: set"
                  + " approvalRequired: true on wave '"
                  + label
                  + "' or remove it"));
    }
  }

  /**
   * Optional servers must be servers the wave launches: the listed ones, or its protection group's
   * when it lists none. An id that is not one of them is most likely a typo, and accepting it would
   * leave the server the author meant required without a word.
   */
  private static void checkOptionalServers(
      String path,
      String label,
      WaveDraft wave,
      Optional<GroupRef> group,
      ServerClaims claims,
      BoundedErrors errors) {
    List<String> optional = wave.optionalServerIds();
    if (optional.isEmpty()) {
      return;
    }
    Predicate<String> isServerOfWave;
    String whose;
    if (!wave.sourceServerIds().isEmpty()) {
      isServerOfWave = new HashSet<>(wave.sourceServerIds())::contains;
      whose = "wave '" + label + "'";
    } else if (group.isPresent()) {
      GroupRef whole = group.get();
      isServerOfWave = server -> claims.isMember(whole, server);
      whose = "wave '" + label + "' (protection group '" + whole.groupId() + "')";
    } else {
      // No servers to check against: the wave has none, or names an unknown group, both reported.
      return;
    }
    Set<String> seen = new HashSet<>();
    for (int j = 0; j < optional.size(); j++) {
      String server = optional.get(j);
      String serverPath = path + ".optionalServerIds[" + j + "]";
      if (!isServerOfWave.test(server)) {
        errors.add(
            serverPath,
            () ->
                "optional server '"
                    + Formats.shown(server)
                    + "' is not one of the servers of "
                    + whose);
      } else if (!seen.add(server)) {
        errors.add(serverPath, () -> "optional server " + server + " is listed twice");
      }
    }
  }

  static boolean checkRegion(String path, String region, BoundedErrors errors) {
    String field = path.isEmpty() ? "region" : path + ".region";
    if (Formats.isBlank(region)) {
      errors.add(new ValidationError(field, "region is required"));
      return false;
    }
    if (!IdFormats.isRegion(region)) {
      errors.add(
          new ValidationError(
              field,
              "malformed region '"
                  + Formats.shown(region)
                  + "': expected a region such as us-east-1"));
      return false;
    }
    return true;
  }

  private Optional<GroupRef> checkGroup(
      String path, WaveDraft wave, boolean regionValid, BoundedErrors errors) {
    String groupId = wave.protectionGroupId();
    if (groupId == null) {
      return Optional.empty();
    }
    Optional<GroupRef> group = Formats.isBlank(groupId) ? Optional.empty() : groups.find(groupId);
    if (group.isEmpty()) {
      errors.add(
          new ValidationError(
              path + ".protectionGroupId",
              "unknown protection group '" + Formats.shown(groupId) + "'"));
      return group;
    }
    if (regionValid && !group.get().region().equals(wave.region())) {
      errors.add(
          new ValidationError(
              path + ".region",
              "region "
                  + wave.region()
                  + " differs from the region of protection group '"
                  + groupId
                  + "' ("
                  + group.get().region()
                  + ")"));
    }
    return group;
  }

  private static void checkServers(
      String path,
      String label,
      WaveDraft wave,
      Optional<GroupRef> group,
      ServerClaims claims,
      BoundedErrors errors) {
    List<String> servers = wave.sourceServerIds();
    if (servers.isEmpty() && wave.protectionGroupId() == null) {
      errors.add(
          new ValidationError(
              path + ".sourceServerIds",
              "wave '"
                  + label
                  + "' has no servers: list sourceServerIds or name a protectionGroupId"));
      return;
    }
    for (int j = 0; j < servers.size(); j++) {
      String server = servers.get(j);
      String serverPath = path + ".sourceServerIds[" + j + "]";
      if (!IdFormats.isSourceServerId(server)) {
        errors.add(
            new ValidationError(
                serverPath,
                "malformed source server id '"
                    + Formats.shown(server)
                    + "': expected s- and 17 letters or digits"));
        continue;
      }
      if (group.isPresent() && !claims.isMember(group.get(), server)) {
        errors.add(
            new ValidationError(
                serverPath,
                "server "
                    + server
                    + " is not in protection group '"
                    + group.get().groupId()
                    + "'"));
        continue;
      }
      claim(server, label, serverPath, null, claims, errors);
    }
    if (servers.isEmpty() && group.isPresent()) {
      // The whole group: its servers belong to this wave just as listed ones would.
      String groupPath = path + ".protectionGroupId";
      for (String server : group.get().sourceServerIds()) {
        claim(server, label, groupPath, group.get().groupId(), claims, errors);
      }
    }
  }

  /**
   * Records that {@code wave} launches {@code server}; a server launches in one wave only.
   *
   * @param groupId the protection group the server comes from, null when the wave lists it
   */
  private static void claim(
      String server,
      String wave,
      String path,
      String groupId,
      ServerClaims claims,
      BoundedErrors errors) {
    String owner = claims.claim(server, wave);
    if (owner == null) {
      return;
    }
    errors.add(
        path,
        () -> {
          String what =
              groupId == null
                  ? "server " + server
                  : "server " + server + " of protection group '" + groupId + "'";
          return owner.equals(wave)
              ? what + " is listed twice in this wave"
              : what + " is already in wave '" + owner + "'";
        });
  }

  private static void checkDependencies(
      String path, WaveDraft wave, Map<String, Integer> firstIndexById, BoundedErrors errors) {
    Set<String> seen = new HashSet<>();
    for (int k = 0; k < wave.dependsOn().size(); k++) {
      String dependency = wave.dependsOn().get(k);
      String dependencyPath = path + ".dependsOn[" + k + "]";
      if (Formats.isBlank(dependency)) {
        errors.add(new ValidationError(dependencyPath, "a dependency must name a wave"));
      } else if (dependency.equals(wave.id())) {
        errors.add(
            new ValidationError(dependencyPath, "wave '" + dependency + "' depends on itself"));
      } else if (!firstIndexById.containsKey(dependency)) {
        errors.add(
            new ValidationError(
                dependencyPath, "unknown wave '" + Formats.shown(dependency) + "'"));
      } else if (!seen.add(dependency)) {
        errors.add(
            new ValidationError(dependencyPath, "duplicate dependency on '" + dependency + "'"));
      }
    }
  }
}
