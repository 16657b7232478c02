package io.drsorch.plans.executions;

import io.drsorch.avro.ExecutionUpdated;
import io.drsorch.avro.ServerLaunch;
import io.drsorch.avro.WaveView;
import java.time.Instant;
import java.util.List;

/** The status of one execution as the API shows it, from the scheduler's latest view. */
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
    List<Wave> waves) {

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
      List<Server> servers) {

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
          wave.getServers().stream().map(Server::of).toList());
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

  static ExecutionResponse of(ExecutionUpdated view) {
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
        view.getWaves().stream().map(Wave::of).toList());
  }
}
