package io.drsorch.planmodel.validation;

import static io.drsorch.schemas.limits.PlanLimits.MAX_DEPENDENCIES;
import static io.drsorch.schemas.limits.PlanLimits.MAX_EXECUTION_TIMEOUT_MINUTES;
import static io.drsorch.schemas.limits.PlanLimits.MAX_ID_LENGTH;
import static io.drsorch.schemas.limits.PlanLimits.MAX_NAME_LENGTH;
import static io.drsorch.schemas.limits.PlanLimits.MAX_REQUESTED_BY_LENGTH;
import static io.drsorch.schemas.limits.PlanLimits.MAX_SERVERS;
import static io.drsorch.schemas.limits.PlanLimits.MAX_TIMEOUT_MINUTES;
import static io.drsorch.schemas.limits.PlanLimits.MAX_WAVES;

import io.drsorch.avro.CarriedOver;
import io.drsorch.avro.ExecutionRequested;
import io.drsorch.avro.ExecutionWave;
import io.drsorch.avro.ServerLaunch;
import io.drsorch.schemas.limits.IdFormats;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.ToIntFunction;

/**
 * Checks an {@link ExecutionRequested}, a plan frozen with its servers resolved, by the rules of a
 * plan: plan-service freezes only valid plans, but users and scripts may produce requests straight
 * to Kafka, and the scheduler must refuse in them what plan-service refuses in a plan, in the same
 * words. The waves are checked by {@link PlanValidator} itself (a wave's id is its {@code waveId}
 * here); what only a request has is checked here: its ids, the account of each wave that assumes a
 * role (the frozen group's account, which the launcher and the watcher count the DRS job quota by),
 * and what a retry carries over from the execution it retries.
 *
 * <p>A retry ({@code retryOf} set, see {@code ExecutionRetries}) says per wave what the retried
 * execution achieved ({@code carriedOver}): the scheduler counts those servers launched and never
 * launches them again, so a carried server must be one of the wave's and a carried job a DRS job
 * id, and it must come from the execution the request says it retries, not from any other.
 *
 * <p>A request's size is counted before anything is done per wave or per server: the number of
 * waves, then of the servers listed, of the dependencies, of the optional servers and of what is
 * carried over, each over its limit ending the check with one error, so that a request of 17,000
 * waves costs a count.
 */
public final class ExecutionRequestValidator {

  private static final PlanValidator WAVES = new PlanValidator(ProtectionGroups.none(), "waveId");

  private ExecutionRequestValidator() {}

  /** Every problem of the request, in the order of its fields; empty when it may run. */
  public static List<ValidationError> validate(ExecutionRequested request) {
    BoundedErrors errors = new BoundedErrors();
    check(request, errors);
    return errors.toList();
  }

  /** Adds the request's problems to {@code errors}, after whatever the caller found already. */
  public static void check(ExecutionRequested request, BoundedErrors errors) {
    PlanValidator.checkLength("id", request.getId(), MAX_ID_LENGTH, errors);
    checkId("executionId", "execution", request.getExecutionId(), errors);
    checkId("planId", "plan", request.getPlanId(), errors);
    PlanValidator.checkLength("planName", request.getPlanName(), MAX_NAME_LENGTH, errors);
    PlanValidator.checkLength(
        "requestedBy", request.getRequestedBy(), MAX_REQUESTED_BY_LENGTH, errors);
    PlanValidator.checkTimeout(
        "waveTimeoutMinutes", request.getWaveTimeoutMinutes(), MAX_TIMEOUT_MINUTES, errors);
    PlanValidator.checkTimeout(
        "executionTimeoutMinutes",
        request.getExecutionTimeoutMinutes(),
        MAX_EXECUTION_TIMEOUT_MINUTES,
        errors);
    PlanValidator.checkLifecycleOptions(
        request.getRtoTargetMinutes(), request.getDrillCleanupAfterMinutes(), errors);
    checkRetryOf(request, errors);
    List<ExecutionWave> waves = request.getWaves();
    if (!isWithinCountedLimits(waves, errors)) {
      return;
    }
    WAVES.checkWaves(waves.stream().map(ExecutionRequestValidator::draft).toList(), errors);
    for (int i = 0; i < waves.size(); i++) {
      checkAccount("waves[" + i + "].", waves.get(i), errors);
      checkCarriedOver("waves[" + i + "].carriedOver.", waves.get(i), request, errors);
    }
  }

  /** The execution retried, when the request is a retry: another execution's id. */
  private static void checkRetryOf(ExecutionRequested request, BoundedErrors errors) {
    String retryOf = request.getRetryOf();
    if (retryOf == null) {
      return;
    }
    if (!IdFormats.isId(retryOf)) {
      errors.add("retryOf", Formats.malformedId("execution", retryOf));
    } else if (retryOf.equals(request.getExecutionId())) {
      errors.add("retryOf", "execution " + retryOf + " cannot retry itself");
    }
  }

  /** The sizes a request can be refused for by counting; false when one is over its limit. */
  private static boolean isWithinCountedLimits(List<ExecutionWave> waves, BoundedErrors errors) {
    if (waves.size() > MAX_WAVES) {
      errors.add(PlanValidator.tooManyWaves(waves.size()));
      return false;
    }
    long servers = 0;
    long dependencies = 0;
    for (ExecutionWave wave : waves) {
      servers += wave.getSourceServerIds().size();
      dependencies += wave.getDependsOn().size();
    }
    if (servers > MAX_SERVERS) {
      errors.add(PlanValidator.tooManyServers(servers));
      return false;
    }
    if (dependencies > MAX_DEPENDENCIES) {
      errors.add(PlanValidator.tooManyDependencies(dependencies));
      return false;
    }
    // In a valid request each of these is at most one per server (optional and carried servers
    // are the wave's own, and a DRS job launches at least one): more than a plan may have servers
    // can only be garbage, refused before it is read.
    return isWithinServers(waves, "optional servers", w -> w.getOptionalServerIds().size(), errors)
        && isWithinServers(
            waves,
            "servers carried over",
            w -> w.getCarriedOver() == null ? 0 : w.getCarriedOver().getServers().size(),
            errors)
        && isWithinServers(
            waves,
            "DRS jobs carried over",
            w -> w.getCarriedOver() == null ? 0 : w.getCarriedOver().getJobIds().size(),
            errors);
  }

  private static boolean isWithinServers(
      List<ExecutionWave> waves,
      String what,
      ToIntFunction<ExecutionWave> count,
      BoundedErrors errors) {
    long total = 0;
    for (ExecutionWave wave : waves) {
      total += count.applyAsInt(wave);
    }
    if (total > MAX_SERVERS) {
      errors.add(
          "waves", "a request may list at most " + MAX_SERVERS + " " + what + ", got " + total);
      return false;
    }
    return true;
  }

  /** The wave as the plan's validator sees it: servers listed, no protection group. */
  private static WaveDraft draft(ExecutionWave wave) {
    return new WaveDraft(
        wave.getWaveId(),
        wave.getName(),
        wave.getRegion(),
        wave.getSourceServerIds(),
        wave.getDependsOn(),
        null,
        wave.getTimeoutMinutes(),
        wave.getApprovalRequired(),
        wave.getApprovalTimeoutMinutes(),
        wave.getOptionalServerIds(),
        wave.getBefore().stream().map(ActionDraft::of).toList(),
        wave.getAfter().stream().map(ActionDraft::of).toList());
  }

  /**
   * What a retry carries over into one wave: from the execution retried, servers of this wave only,
   * each once, and DRS job ids. The scheduler keeps these servers as launched and never launches
   * them again; one that is not the wave's would be reported launched by a wave that never had it.
   */
  private static void checkCarriedOver(
      String prefix, ExecutionWave wave, ExecutionRequested request, BoundedErrors errors) {
    CarriedOver carried = wave.getCarriedOver();
    if (carried == null) {
      return;
    }
    checkFrom(prefix + "fromExecutionId", carried.getFromExecutionId(), request, errors);
    checkJobIds(prefix + "jobIds", carried.getJobIds(), errors);
    Set<String> ofWave = new HashSet<>(wave.getSourceServerIds());
    Set<String> seen = new HashSet<>();
    List<ServerLaunch> servers = carried.getServers();
    for (int k = 0; k < servers.size(); k++) {
      ServerLaunch server = servers.get(k);
      String path = prefix + "servers[" + k + "]";
      String id = server.getSourceServerId();
      if (!ofWave.contains(id)) {
        errors.add(
            path + ".sourceServerId",
            () ->
                "server '"
                    + Formats.shown(id)
                    + "' carried over is not one of the servers of wave '"
                    + Formats.shown(wave.getWaveId())
                    + "'");
      } else if (!seen.add(id)) {
        errors.add(path + ".sourceServerId", () -> "server " + id + " is carried over twice");
      }
      if (server.getJobId() != null && !IdFormats.isJobId(server.getJobId())) {
        errors.add(path + ".jobId", () -> malformedJobId(server.getJobId()));
      }
      PlanValidator.checkLength(
          path + ".recoveryInstanceId", server.getRecoveryInstanceId(), MAX_ID_LENGTH, errors);
    }
    PlanValidator.checkLength(
        prefix + "overrideBy", carried.getOverrideBy(), MAX_REQUESTED_BY_LENGTH, errors);
    OperatorTexts.check(prefix + "overrideReason", carried.getOverrideReason())
        .ifPresent(errors::add);
    if (carried.getOverrideBy() != null && !carried.getDone()) {
      errors.add(
          prefix + "overrideBy",
          "overrideBy names who marked a failed wave done: it needs done: true");
    }
  }

  /** A wave is carried over only from the execution that the request retries. */
  private static void checkFrom(
      String path, String from, ExecutionRequested request, BoundedErrors errors) {
    if (Formats.isBlank(from)) {
      errors.add(path, "fromExecutionId is required");
    } else if (!IdFormats.isId(from)) {
      errors.add(path, Formats.malformedId("execution", from));
    } else if (request.getRetryOf() == null) {
      errors.add(
          path,
          "carried over from execution "
              + from
              + ", but the request retries none: set retryOf to "
              + from);
    } else if (!from.equals(request.getRetryOf())) {
      errors.add(
          path,
          "carried over from execution "
              + from
              + ", not from the execution retried ("
              + Formats.shown(request.getRetryOf())
              + ")");
    }
  }

  private static void checkJobIds(String path, List<String> jobIds, BoundedErrors errors) {
    Set<String> seen = new HashSet<>();
    for (int k = 0; k < jobIds.size(); k++) {
      String jobId = jobIds.get(k);
      if (!IdFormats.isJobId(jobId)) {
        errors.add(path + "[" + k + "]", () -> malformedJobId(jobId));
      } else if (!seen.add(jobId)) {
        errors.add(path + "[" + k + "]", () -> "DRS job " + jobId + " is listed twice");
      }
    }
  }

  private static String malformedJobId(String jobId) {
    return "malformed DRS job id '"
        + Formats.shown(jobId)
        + "': expected drsjob- and 17 letters or digits";
  }

  /**
   * An id that keys the execution's records, or that the launcher and the watcher check on every
   * command and event: one they would refuse would leave the execution waiting for ever.
   */
  private static void checkId(String path, String kind, String value, BoundedErrors errors) {
    if (Formats.isBlank(value)) {
      errors.add(path, path + " is required");
    } else if (!IdFormats.isId(value)) {
      errors.add(path, Formats.malformedId(kind, value));
    }
  }

  /**
   * A group's account and role as they were frozen into the wave. The account must be there with a
   * role (plan-service freezes the role's account when the group names none).
   */
  private static void checkAccount(String prefix, ExecutionWave wave, BoundedErrors errors) {
    ProtectionGroupValidator.checkAccount(
        prefix, wave.getAccountId(), wave.getRoleArn(), "the wave's", errors);
    String roleAccount = IdFormats.accountOfRoleArn(wave.getRoleArn());
    if (wave.getAccountId() == null && roleAccount != null) {
      errors.add(
          prefix + "accountId",
          "accountId must be given with roleArn (the role's account, " + roleAccount + ")");
    }
  }
}
