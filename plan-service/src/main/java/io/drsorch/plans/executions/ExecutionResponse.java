package io.drsorch.plans.executions;

import io.drsorch.avro.ActionView;
import io.drsorch.avro.CleanupView;
import io.drsorch.avro.ExecutionUpdated;
import io.drsorch.avro.PreflightVerdict;
import io.drsorch.avro.RtoEvidence;
import io.drsorch.avro.ServerLaunch;
import io.drsorch.avro.ServerProblem;
import io.drsorch.avro.WaveView;
import java.time.Instant;
import java.util.List;

/**
 * The status of one execution as the API shows it, from the scheduler's latest view.
 *
 * @param retryOf the execution this one retries, if it is a retry
 * @param retriedBy the newest execution that retries this one, if any (derived from their views,
 *     see {@link RetryLinks})
 * @param pausedBy who paused it, while it is PAUSED
 * @param pausedAt since when, while it is PAUSED
 * @param pointInTime the point in time it recovers to; null for the latest data
 * @param preflight what the readiness check found before the request; null when none ran
 * @param rto the recovery time against the plan's objective
 * @param drillCleanupAfterMinutes the plan's automatic drill cleanup delay
 * @param cleanup the drill's cleanup, once asked for
 */
public record ExecutionResponse(
    String executionId,
    String planId,
    long planVersion,
    String planName,
    String mode,
    String requestedBy,
    String status,
    String reason,
    Instant startedAt,
    Instant endedAt,
    List<Wave> waves,
    String retryOf,
    String retriedBy,
    String pausedBy,
    Instant pausedAt,
    Instant pointInTime,
    Preflight preflight,
    Rto rto,
    Integer drillCleanupAfterMinutes,
    Cleanup cleanup) {

  /**
   * @param waitingSince when it began to wait for approval
   * @param approvedBy who approved it, with {@code approvedAt} and their {@code comment}
   * @param failedOptionalServers optional servers that did not launch; the wave completed without
   *     them
   * @param carriedOverFrom in a retry: the execution whose outcome of this wave was carried over
   * @param overrideBy in a retry: who marked this failed wave done without relaunching it
   * @param actions its before actions, then its after actions, each with where it stands
   */
  public record Wave(
      String waveId,
      String name,
      String region,
      String status,
      List<String> dependsOn,
      int attempt,
      List<String> jobIds,
      Instant startedAt,
      Instant endedAt,
      String reason,
      List<Server> servers,
      boolean approvalRequired,
      Integer approvalTimeoutMinutes,
      Instant waitingSince,
      String approvedBy,
      Instant approvedAt,
      String comment,
      List<String> optionalServerIds,
      List<String> failedOptionalServers,
      String carriedOverFrom,
      String overrideBy,
      List<Action> actions) {

    static Wave of(WaveView wave) {
      return new Wave(
          wave.getWaveId(),
          wave.getName(),
          wave.getRegion(),
          wave.getStatus().name(),
          List.copyOf(wave.getDependsOn()),
          wave.getAttempt(),
          List.copyOf(wave.getJobIds()),
          wave.getStartedAt(),
          wave.getEndedAt(),
          wave.getReason(),
          wave.getServers().stream().map(Server::of).toList(),
          wave.getApprovalRequired(),
          wave.getApprovalTimeoutMinutes(),
          wave.getWaitingSince(),
          wave.getApprovedBy(),
          wave.getApprovedAt(),
          wave.getComment(),
          List.copyOf(wave.getOptionalServerIds()),
          List.copyOf(wave.getFailedOptionalServers()),
          wave.getCarriedOverFrom(),
          wave.getOverrideBy(),
          wave.getActions().stream().map(Action::of).toList());
    }
  }

  /**
   * One action of a wave: an SSM automation or an HTTP check.
   *
   * @param phase BEFORE (runs before the wave launches) or AFTER (once every server launched)
   * @param status PENDING, RUNNING, SUCCEEDED, FAILED, TIMED_OUT, CANCELLED or SKIPPED
   * @param reason why it did not succeed: SSM's failure message, the last HTTP status
   * @param continued it failed and the wave went on, as its {@code onFailure: CONTINUE} asked
   */
  public record Action(
      String name,
      String phase,
      String type,
      String onFailure,
      String status,
      Instant startedAt,
      Instant endedAt,
      String reason,
      String automationExecutionId,
      Integer lastHttpStatus,
      boolean continued) {

    static Action of(ActionView a) {
      return new Action(
          a.getName(),
          a.getPhase().name(),
          a.getType().name(),
          a.getOnFailure().name(),
          a.getStatus().name(),
          a.getStartedAt(),
          a.getEndedAt(),
          a.getReason(),
          a.getAutomationExecutionId(),
          a.getLastHttpStatus(),
          a.getContinued());
    }
  }

  /**
   * @param snapshotId the recovery snapshot it launched from, for a point-in-time launch
   * @param snapshotTakenAt that snapshot's time: the server's recovery point
   * @param rpoSeconds how old the recovery point was when the execution was requested
   */
  public record Server(
      String sourceServerId,
      String launchStatus,
      String recoveryInstanceId,
      String jobId,
      String snapshotId,
      Instant snapshotTakenAt,
      Long rpoSeconds) {

    static Server of(ServerLaunch server) {
      return new Server(
          server.getSourceServerId(),
          server.getLaunchStatus().name(),
          server.getRecoveryInstanceId(),
          server.getJobId(),
          server.getSnapshotId(),
          server.getSnapshotTakenAt(),
          server.getRpoSeconds());
    }
  }

  /**
   * The pre-flight readiness verdict; only servers with a problem are listed.
   *
   * @param mode ENFORCE (a problem rejects the execution) or WARN (it runs anyway)
   */
  public record Preflight(
      String mode, Instant checkedAt, int serversChecked, List<Problem> problems) {

    public record Problem(String sourceServerId, String waveId, List<String> problems) {}

    static Preflight of(PreflightVerdict verdict) {
      return verdict == null
          ? null
          : new Preflight(
              verdict.getMode().name(),
              verdict.getCheckedAt(),
              verdict.getServersChecked(),
              verdict.getProblems().stream().map(Preflight::problem).toList());
    }

    private static Problem problem(ServerProblem p) {
      return new Problem(p.getSourceServerId(), p.getWaveId(), List.copyOf(p.getProblems()));
    }
  }

  /**
   * @param targetMinutes the plan's rtoTargetMinutes; null when none is set
   * @param measuredSeconds from the request to the last wave completed; null until COMPLETED
   * @param met within the target; null without a target or a measure
   */
  public record Rto(Integer targetMinutes, Long measuredSeconds, Boolean met) {

    static Rto of(RtoEvidence rto) {
      return rto == null
          ? null
          : new Rto(rto.getTargetMinutes(), rto.getMeasuredSeconds(), rto.getMet());
    }
  }

  /**
   * A drill's cleanup: the termination of exactly the recovery instances it launched.
   *
   * @param status RUNNING, COMPLETED or FAILED as the scheduler reports it; REQUESTED only in the
   *     answer to the request that asked for it, before the scheduler took it up
   * @param instanceIds every recovery instance the execution launched: what is to be terminated
   */
  public record Cleanup(
      String status,
      String requestedBy,
      Instant requestedAt,
      Instant endedAt,
      List<String> jobIds,
      List<String> instanceIds,
      List<String> terminatedInstanceIds,
      String reason) {

    static final String REQUESTED = "REQUESTED";

    static Cleanup of(CleanupView cleanup) {
      return cleanup == null
          ? null
          : new Cleanup(
              cleanup.getStatus(),
              cleanup.getRequestedBy(),
              cleanup.getRequestedAt(),
              cleanup.getEndedAt(),
              List.copyOf(cleanup.getJobIds()),
              List.copyOf(cleanup.getInstanceIds()),
              List.copyOf(cleanup.getTerminatedInstanceIds()),
              cleanup.getReason());
    }

    /** Just asked for: nothing is known yet of what the scheduler will terminate. */
    static Cleanup requested(String requestedBy, Instant requestedAt) {
      return new Cleanup(
          REQUESTED, requestedBy, requestedAt, null, List.of(), List.of(), List.of(), null);
    }
  }

  /**
   * @param retriedBy the newest retry of this execution, null when none
   */
  static ExecutionResponse of(ExecutionUpdated view, String retriedBy) {
    return new ExecutionResponse(
        view.getExecutionId(),
        view.getPlanId(),
        view.getPlanVersion(),
        view.getPlanName(),
        view.getMode().name(),
        view.getRequestedBy(),
        view.getStatus().name(),
        view.getReason(),
        view.getStartedAt(),
        view.getEndedAt(),
        view.getWaves().stream().map(Wave::of).toList(),
        view.getRetryOf(),
        retriedBy,
        view.getPausedBy(),
        view.getPausedAt(),
        view.getPointInTime(),
        Preflight.of(view.getPreflight()),
        Rto.of(view.getRto()),
        view.getDrillCleanupAfterMinutes(),
        Cleanup.of(view.getCleanup()));
  }
}
