package io.drsorch.scheduler.admission;

import io.drsorch.avro.ExecutionRequested;
import io.drsorch.avro.ExecutionWave;
import io.drsorch.schemas.limits.IdFormats;
import io.drsorch.schemas.limits.PlanLimits;
import io.drsorch.schemas.limits.Problems;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks an execution request before it is admitted. plan-service validates plans, but users and
 * scripts may produce requests straight to Kafka: a bad one must be rejected with its reasons,
 * never crash or stall the scheduler. Each error names the field path, e.g. {@code
 * waves[1].dependsOn[0]}.
 *
 * <p>The bounds are {@link PlanLimits}, the ones plan-service applies to the plans it stores, so a
 * request produced straight to the topic cannot run what the REST API would refuse. They are
 * checked before the work they bound: the number of waves before anything is done per wave, the
 * number of servers before anything is done per server, so a request of 17,000 waves costs a count.
 * At most {@link PlanLimits#MAX_ERRORS} errors are listed (the rest counted), each cut short, and
 * the cycle search stops at the first {@link PlanLimits#MAX_CYCLES_REPORTED} cycles.
 *
 * <p>Identifiers are checked by {@link IdFormats}, the same definition plan-service, the launcher
 * and the watcher apply: an execution, plan or wave id the launcher or watcher would refuse must
 * not be admitted.
 */
public final class RequestValidator {

  /** Longest piece of a rejected value that a message repeats (as plan-service shows them). */
  private static final int SHOWN_LENGTH = 80;

  private RequestValidator() {}

  /**
   * The problems of a request; empty when it may run. At most {@link PlanLimits#MAX_ERRORS} are
   * listed; when there are more, a last entry says how many were left out.
   */
  public static List<String> errors(String key, ExecutionRequested request) {
    Problems problems = new Problems();
    check(key, request, problems);
    return problems.toList();
  }

  /**
   * Whether the request is within the bounds of its size (waves and servers), whatever else is
   * wrong with it: only then is it small enough to be repeated in a REJECTED view.
   */
  public static boolean isWithinSizeLimits(ExecutionRequested request) {
    return request.getWaves().size() <= PlanLimits.MAX_WAVES
        && serverCount(request.getWaves()) <= PlanLimits.MAX_SERVERS;
  }

  /**
   * Whether the execution id can key the execution's records (its view, its history): a REJECTED
   * view needs one, so a request without a usable id can only be dead-lettered.
   */
  public static boolean hasUsableExecutionId(ExecutionRequested request) {
    String id = request.getExecutionId();
    return !blank(id) && id.length() <= PlanLimits.MAX_ID_LENGTH;
  }

  private static void check(String key, ExecutionRequested request, Problems problems) {
    checkLength(problems, "id", request.getId(), PlanLimits.MAX_ID_LENGTH);
    if (blank(request.getExecutionId())) {
      problems.add("executionId: must not be empty");
    }
    checkId(problems, "executionId", request.getExecutionId());
    if (blank(request.getPlanId())) {
      problems.add("planId: must not be empty");
    } else if (!request.getPlanId().equals(key)) {
      problems.add("planId: the record key (" + shown(key) + ") must be the planId");
    }
    checkId(problems, "planId", request.getPlanId());
    checkLength(problems, "planName", request.getPlanName(), PlanLimits.MAX_NAME_LENGTH);
    checkLength(
        problems, "requestedBy", request.getRequestedBy(), PlanLimits.MAX_REQUESTED_BY_LENGTH);
    checkMinutes(
        problems,
        "waveTimeoutMinutes",
        request.getWaveTimeoutMinutes(),
        PlanLimits.MAX_TIMEOUT_MINUTES);
    checkMinutes(
        problems,
        "executionTimeoutMinutes",
        request.getExecutionTimeoutMinutes(),
        PlanLimits.MAX_EXECUTION_TIMEOUT_MINUTES);
    List<ExecutionWave> waves = request.getWaves();
    if (waves.isEmpty()) {
      problems.add("waves: a plan needs at least one wave");
      return;
    }
    if (waves.size() > PlanLimits.MAX_WAVES) {
      // Before anything per wave: their checks, and their errors, would be unbounded.
      problems.add(
          "waves: a plan may have at most "
              + PlanLimits.MAX_WAVES
              + " waves, got "
              + waves.size()
              + ": split it into several plans");
      return;
    }
    long servers = serverCount(waves);
    if (servers > PlanLimits.MAX_SERVERS) {
      // Before anything per server, for the same reason.
      problems.add(
          "waves: a plan may launch at most "
              + PlanLimits.MAX_SERVERS
              + " source servers, got "
              + servers
              + ": split it into several plans");
      return;
    }
    long dependencies = waves.stream().mapToLong(w -> w.getDependsOn().size()).sum();
    if (dependencies > PlanLimits.MAX_DEPENDENCIES) {
      // Before anything per dependency, for the same reason.
      problems.add(
          "waves: a plan may have at most "
              + PlanLimits.MAX_DEPENDENCIES
              + " dependencies in all, got "
              + dependencies);
      return;
    }
    Map<String, Integer> indexById = new LinkedHashMap<>();
    Map<String, String> serverOwner = new HashMap<>();
    for (int i = 0; i < waves.size(); i++) {
      checkWave(problems, "waves[" + i + "]", i, waves.get(i), indexById, serverOwner);
    }
    for (int i = 0; i < waves.size(); i++) {
      checkDependencies(problems, "waves[" + i + "]", waves.get(i), indexById);
    }
    CycleSearch.of(waves, indexById).forEach(c -> problems.add("waves: dependency cycle " + c));
  }

  private static void checkWave(
      Problems problems,
      String path,
      int index,
      ExecutionWave wave,
      Map<String, Integer> indexById,
      Map<String, String> serverOwner) {
    String waveId = wave.getWaveId();
    if (blank(waveId)) {
      problems.add(path + ".waveId: must not be empty");
    } else if (waveId.length() > PlanLimits.MAX_ID_LENGTH) {
      checkLength(problems, path + ".waveId", waveId, PlanLimits.MAX_ID_LENGTH);
    } else {
      checkId(problems, path + ".waveId", waveId);
      // Known even when malformed, so that its dependents are not also told it is unknown.
      if (indexById.putIfAbsent(waveId, index) != null) {
        problems.add(path + ".waveId: duplicate wave id " + waveId);
      }
    }
    checkLength(problems, path + ".name", wave.getName(), PlanLimits.MAX_NAME_LENGTH);
    if (!IdFormats.isRegion(wave.getRegion())) {
      problems.add(path + ".region: not an AWS region: " + shown(wave.getRegion()));
    }
    checkAccount(problems, path, wave);
    checkMinutes(
        problems,
        path + ".timeoutMinutes",
        wave.getTimeoutMinutes(),
        PlanLimits.MAX_TIMEOUT_MINUTES);
    checkServers(problems, path, wave, serverOwner);
  }

  private static void checkAccount(Problems problems, String path, ExecutionWave wave) {
    String account = wave.getAccountId();
    if (account != null && !IdFormats.isAccountId(account)) {
      problems.add(path + ".accountId: not an AWS account id (12 digits): " + shown(account));
    }
    String role = wave.getRoleArn();
    if (role == null) {
      return;
    }
    String roleAccount = IdFormats.accountOfRoleArn(role);
    if (roleAccount == null) {
      problems.add(path + ".roleArn: not an IAM role ARN: " + shown(role));
    } else if (account == null) {
      problems.add(
          path
              + ".accountId: must be given with roleArn (the role's account, "
              + roleAccount
              + ")");
    } else if (!roleAccount.equals(account)) {
      problems.add(
          path
              + ".roleArn: role of account "
              + roleAccount
              + ", not of the wave's account "
              + shown(account));
    }
  }

  private static void checkServers(
      Problems problems, String path, ExecutionWave wave, Map<String, String> serverOwner) {
    List<String> servers = wave.getSourceServerIds();
    if (servers.isEmpty()) {
      problems.add(path + ".sourceServerIds: a wave needs at least one server");
    }
    for (int j = 0; j < servers.size(); j++) {
      String server = servers.get(j);
      String serverPath = path + ".sourceServerIds[" + j + "]";
      if (!IdFormats.isSourceServerId(server)) {
        problems.add(
            serverPath
                + ": not a source server id (s- and 17 letters or digits): "
                + shown(server));
        continue;
      }
      String owner = serverOwner.putIfAbsent(server, String.valueOf(wave.getWaveId()));
      if (owner != null) {
        problems.add(serverPath + ": server " + server + " is also in wave " + shown(owner));
      }
    }
  }

  private static void checkDependencies(
      Problems problems, String path, ExecutionWave wave, Map<String, Integer> indexById) {
    List<String> deps = wave.getDependsOn();
    Set<String> seen = new HashSet<>();
    for (int j = 0; j < deps.size(); j++) {
      String dep = deps.get(j);
      String depPath = path + ".dependsOn[" + j + "]";
      if (blank(dep)) {
        problems.add(depPath + ": a dependency must name a wave");
      } else if (dep.equals(wave.getWaveId())) {
        problems.add(depPath + ": wave " + shown(dep) + " depends on itself");
      } else if (!indexById.containsKey(dep)) {
        // Known waves with a malformed id were reported on the wave itself.
        if (IdFormats.isId(dep)) {
          problems.add(depPath + ": unknown wave " + shown(dep));
        } else {
          checkId(problems, depPath, dep);
        }
      } else if (!seen.add(dep)) {
        // As plan-service: a repeated dependency means nothing and would only grow the state.
        problems.add(depPath + ": duplicate dependency on " + dep);
      }
    }
  }

  private static void checkLength(Problems problems, String path, String value, int max) {
    if (value != null && value.length() > max) {
      problems.add(
          path + ": at most " + max + " characters, got " + value.length() + ": " + shown(value));
    }
  }

  /**
   * An id as {@link IdFormats#isId} has it: checked here, because the launcher and the watcher
   * refuse every command and event of an id they do not take, and the wave would wait for ever.
   * Wrong characters are reported in the words of {@link Problems#checkId}, as they say it; an
   * empty id is reported apart.
   */
  private static void checkId(Problems problems, String path, String value) {
    if (blank(value)) {
      return;
    }
    if (value.length() > PlanLimits.MAX_ID_LENGTH) {
      checkLength(problems, path, value, PlanLimits.MAX_ID_LENGTH);
    } else if (!IdFormats.isIdCharacters(value)) {
      problems.add(path, "use letters, digits, '_' or '-' only, got " + Problems.shown(value));
    }
  }

  private static void checkMinutes(Problems problems, String path, Integer minutes, int max) {
    if (minutes != null && (minutes < PlanLimits.MIN_TIMEOUT_MINUTES || minutes > max)) {
      problems.add(
          path
              + ": must be between "
              + PlanLimits.MIN_TIMEOUT_MINUTES
              + " and "
              + max
              + " minutes, got "
              + minutes);
    }
  }

  private static long serverCount(List<ExecutionWave> waves) {
    long servers = 0;
    for (ExecutionWave wave : waves) {
      servers += wave.getSourceServerIds().size();
    }
    return servers;
  }

  /**
   * A value as a message repeats it: its head, when it is long. Unquoted, as plan-service shows
   * them, unlike {@link Problems#shown}: the scheduler's reasons read as plan-service's do.
   */
  static String shown(String value) {
    if (value == null || value.length() <= SHOWN_LENGTH) {
      return value;
    }
    return value.substring(0, SHOWN_LENGTH) + "... (" + value.length() + " characters)";
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
