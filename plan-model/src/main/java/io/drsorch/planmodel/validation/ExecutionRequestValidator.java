package io.drsorch.planmodel.validation;

import static io.drsorch.schemas.limits.PlanLimits.MAX_DEPENDENCIES;
import static io.drsorch.schemas.limits.PlanLimits.MAX_EXECUTION_TIMEOUT_MINUTES;
import static io.drsorch.schemas.limits.PlanLimits.MAX_ID_LENGTH;
import static io.drsorch.schemas.limits.PlanLimits.MAX_NAME_LENGTH;
import static io.drsorch.schemas.limits.PlanLimits.MAX_REQUESTED_BY_LENGTH;
import static io.drsorch.schemas.limits.PlanLimits.MAX_SERVERS;
import static io.drsorch.schemas.limits.PlanLimits.MAX_TIMEOUT_MINUTES;
import static io.drsorch.schemas.limits.PlanLimits.MAX_WAVES;

import io.drsorch.avro.ExecutionRequested;
import io.drsorch.avro.ExecutionWave;
import io.drsorch.schemas.limits.IdFormats;
import java.util.List;

/**
 * Checks an {@link ExecutionRequested}, a plan frozen with its servers resolved, by the rules of a
 * plan: plan-service freezes only valid plans, but users and scripts may produce requests straight
 * to Kafka, and the scheduler must refuse in them what plan-service refuses in a plan, in the same
 * words. The waves are checked by {@link PlanValidator} itself (a wave's id is its {@code waveId}
 * here); what only a request has is checked here: its ids, and the account of each wave that
 * assumes a role (the frozen group's account, which the launcher and the watcher count the DRS job
 * quota by).
 *
 * <p>A request's size is counted before anything is done per wave or per server: the number of
 * waves, then of the servers listed and of the dependencies, each over its limit ending the check
 * with one error, so that a request of 17,000 waves costs a count.
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
    List<ExecutionWave> waves = request.getWaves();
    if (!isWithinCountedLimits(waves, errors)) {
      return;
    }
    WAVES.checkWaves(waves.stream().map(ExecutionRequestValidator::draft).toList(), errors);
    for (int i = 0; i < waves.size(); i++) {
      checkAccount("waves[" + i + "].", waves.get(i), errors);
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
        wave.getTimeoutMinutes());
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
