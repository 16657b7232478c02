package io.drsorch.scheduler;

import io.drsorch.avro.ApproveWave;
import io.drsorch.avro.CancelExecution;
import io.drsorch.avro.ExecutionCommand;
import io.drsorch.avro.ExecutionMode;
import io.drsorch.avro.ExecutionRequested;
import io.drsorch.avro.ExecutionWave;
import io.drsorch.avro.JobStatus;
import io.drsorch.avro.JobStatusChanged;
import io.drsorch.avro.LaunchStatus;
import io.drsorch.avro.PauseExecution;
import io.drsorch.avro.RejectWave;
import io.drsorch.avro.ResumeExecution;
import io.drsorch.avro.ServerLaunch;
import io.drsorch.avro.WaveCompleted;
import io.drsorch.avro.WaveEvent;
import io.drsorch.avro.WaveFailed;
import io.drsorch.avro.WaveLaunchFailed;
import io.drsorch.avro.WaveLaunched;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/** Builds the records other services produce, the way they produce them. */
public final class Inputs {

  public static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

  private Inputs() {}

  /** A wave with one server whose id is derived from the wave id. */
  public static ExecutionWave wave(String waveId, String... dependsOn) {
    return ExecutionWave.newBuilder()
        .setWaveId(waveId)
        .setName(waveId.toUpperCase())
        .setRegion("us-east-1")
        .setSourceServerIds(List.of(server(waveId)))
        .setDependsOn(Arrays.asList(dependsOn))
        .build();
  }

  public static String server(String waveId) {
    String digits = Integer.toHexString(waveId.hashCode() & 0xfffffff);
    return "s-" + ("00000000000000000" + digits).substring(digits.length());
  }

  public static ExecutionRequested request(
      String executionId, String planId, ExecutionWave... waves) {
    return ExecutionRequested.newBuilder()
        .setId(UUID.randomUUID().toString())
        .setExecutionId(executionId)
        .setOccurredAt(T0)
        .setPlanId(planId)
        .setPlanVersion(3)
        .setPlanName("Plan " + planId)
        .setMode(ExecutionMode.DRILL)
        .setRequestedBy("alice")
        .setWaves(Arrays.asList(waves))
        .build();
  }

  public static WaveLaunched launched(String executionId, String waveId, int attempt, String job) {
    return WaveLaunched.newBuilder()
        .setId(UUID.randomUUID().toString())
        .setExecutionId(executionId)
        .setOccurredAt(T0)
        .setWaveId(waveId)
        .setAttempt(attempt)
        .setRegion("us-east-1")
        .setRequestId(executionId + "/" + waveId + "/" + attempt)
        .setJobIds(List.of(job))
        .setSourceServerIds(List.of(server(waveId)))
        .build();
  }

  public static WaveLaunchFailed launchFailed(
      String executionId,
      String waveId,
      int attempt,
      String errorCode,
      boolean retryable,
      Integer retryAfterSeconds) {
    return WaveLaunchFailed.newBuilder()
        .setId(UUID.randomUUID().toString())
        .setExecutionId(executionId)
        .setOccurredAt(T0)
        .setWaveId(waveId)
        .setAttempt(attempt)
        .setRequestId(executionId + "/" + waveId + "/" + attempt)
        .setErrorCode(errorCode)
        .setMessage("Rate exceeded")
        .setRetryable(retryable)
        .setRetryAfterSeconds(retryAfterSeconds)
        .build();
  }

  public static ServerLaunch serverLaunch(String waveId, LaunchStatus status, String job) {
    return ServerLaunch.newBuilder()
        .setSourceServerId(server(waveId))
        .setLaunchStatus(status)
        .setRecoveryInstanceId(status == LaunchStatus.LAUNCHED ? "i-0" + waveId : null)
        .setJobId(job)
        .build();
  }

  public static JobStatusChanged jobStatus(
      String executionId, String waveId, int attempt, String job, LaunchStatus server) {
    return JobStatusChanged.newBuilder()
        .setId(UUID.randomUUID().toString())
        .setExecutionId(executionId)
        .setOccurredAt(T0)
        .setWaveId(waveId)
        .setAttempt(attempt)
        .setJobId(job)
        .setStatus(JobStatus.STARTED)
        .setServers(List.of(serverLaunch(waveId, server, job)))
        .build();
  }

  public static WaveCompleted completed(
      String executionId, String waveId, int attempt, String job) {
    return WaveCompleted.newBuilder()
        .setId(UUID.randomUUID().toString())
        .setExecutionId(executionId)
        .setOccurredAt(T0)
        .setWaveId(waveId)
        .setAttempt(attempt)
        .setJobIds(List.of(job))
        .setServers(List.of(serverLaunch(waveId, LaunchStatus.LAUNCHED, job)))
        .build();
  }

  public static WaveFailed failed(String executionId, String waveId, int attempt, String job) {
    return WaveFailed.newBuilder()
        .setId(UUID.randomUUID().toString())
        .setExecutionId(executionId)
        .setOccurredAt(T0)
        .setWaveId(waveId)
        .setAttempt(attempt)
        .setJobIds(List.of(job))
        .setServers(List.of(serverLaunch(waveId, LaunchStatus.FAILED, job)))
        .setFailedServerIds(List.of(server(waveId)))
        .setReason("server " + server(waveId) + " launchStatus FAILED")
        .build();
  }

  public static CancelExecution cancel(String executionId) {
    return CancelExecution.newBuilder()
        .setId(UUID.randomUUID().toString())
        .setExecutionId(executionId)
        .setOccurredAt(T0)
        .setRequestedBy("bob")
        .setReason("drill aborted")
        .build();
  }

  public static WaveEvent event(Object inner) {
    return new WaveEvent(inner);
  }

  public static ExecutionCommand command(Object command) {
    return new ExecutionCommand(command);
  }

  public static ApproveWave approve(String executionId, String waveId, String by, String comment) {
    return ApproveWave.newBuilder()
        .setId(UUID.randomUUID().toString())
        .setExecutionId(executionId)
        .setOccurredAt(T0)
        .setWaveId(waveId)
        .setRequestedBy(by)
        .setComment(comment)
        .build();
  }

  public static RejectWave reject(String executionId, String waveId, String by, String reason) {
    return RejectWave.newBuilder()
        .setId(UUID.randomUUID().toString())
        .setExecutionId(executionId)
        .setOccurredAt(T0)
        .setWaveId(waveId)
        .setRequestedBy(by)
        .setReason(reason)
        .build();
  }

  public static PauseExecution pause(String executionId, String by) {
    return PauseExecution.newBuilder()
        .setId(UUID.randomUUID().toString())
        .setExecutionId(executionId)
        .setOccurredAt(T0)
        .setRequestedBy(by)
        .setReason("DBA checks replication")
        .build();
  }

  public static ResumeExecution resume(String executionId, String by) {
    return ResumeExecution.newBuilder()
        .setId(UUID.randomUUID().toString())
        .setExecutionId(executionId)
        .setOccurredAt(T0)
        .setRequestedBy(by)
        .build();
  }
}
