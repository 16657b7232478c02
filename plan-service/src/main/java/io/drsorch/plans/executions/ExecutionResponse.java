package io.drsorch.plans.executions;

import io.drsorch.avro.ExecutionUpdated;
import io.drsorch.avro.ServerLaunch;
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
    Instant pausedAt) {

  /**
   * @param waitingSince when it began to wait for approval
   * @param approvedBy who approved it, with {@code approvedAt} and their {@code comment}
   * @param failedOptionalServers optional servers that did not launch; the wave completed without
   *     them
   * @param carriedOverFrom in a retry: the execution whose outcome of this wave was carried over
   * @param overrideBy in a retry: who marked this failed wave done without relaunching it
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
      String overrideBy) {

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
          wave.getOverrideBy());
    }
  }

  public record Server(
      String sourceServerId, String launchStatus, String recoveryInstanceId, String jobId) {

    static Server of(ServerLaunch server) {
      return new Server(
          server.getSourceServerId(),
          server.getLaunchStatus().name(),
          server.getRecoveryInstanceId(),
          server.getJobId());
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
        view.getPausedAt());
  }
}
