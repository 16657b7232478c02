package io.drsorch.scheduler.properties;

import io.drsorch.avro.JobStatus;
import io.drsorch.avro.JobStatusChanged;
import io.drsorch.avro.LaunchStatus;
import io.drsorch.avro.LaunchWave;
import io.drsorch.avro.ServerLaunch;
import io.drsorch.avro.WaveCompleted;
import io.drsorch.avro.WaveFailed;
import io.drsorch.avro.WaveLaunchFailed;
import io.drsorch.avro.WaveLaunched;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * What the launcher and the watcher report for one forwarded launch, chosen at random: success, a
 * failed server, a retryable refusal or a final one. Plus, now and then, a stale report of the
 * previous attempt.
 */
final class Drs {

  private Drs() {}

  static List<Object> answer(LaunchWave l, Random random, Instant at) {
    List<Object> out = new ArrayList<>();
    String job = "drsjob-" + l.getRequestId();
    int roll = random.nextInt(100);
    if (roll < 50) {
      out.add(launched(l, l.getAttempt(), job, at));
      out.add(jobStatus(l, job, at));
      out.add(completed(l, l.getAttempt(), job, at));
    } else if (roll < 65) {
      out.add(launched(l, l.getAttempt(), job, at));
      out.add(failed(l, job, at));
    } else if (roll < 92) {
      out.add(launchFailed(l, true, at));
    } else {
      out.add(launchFailed(l, false, at));
    }
    if (l.getAttempt() > 1 && random.nextInt(3) == 0) {
      // a report of the previous attempt, arriving late
      out.add(completed(l, l.getAttempt() - 1, job + "-stale", at));
    }
    return out;
  }

  private static List<ServerLaunch> servers(LaunchWave l, LaunchStatus status, String job) {
    return l.getSourceServerIds().stream()
        .map(
            s ->
                ServerLaunch.newBuilder()
                    .setSourceServerId(s)
                    .setLaunchStatus(status)
                    .setRecoveryInstanceId(status == LaunchStatus.LAUNCHED ? "i-" + s : null)
                    .setJobId(job)
                    .build())
        .toList();
  }

  private static String id(LaunchWave l, String what, int attempt) {
    return what + "/" + l.getExecutionId() + "/" + l.getWaveId() + "/" + attempt;
  }

  static WaveLaunched launched(LaunchWave l, int attempt, String job, Instant at) {
    return WaveLaunched.newBuilder()
        .setId(id(l, "launched", attempt))
        .setExecutionId(l.getExecutionId())
        .setOccurredAt(at)
        .setWaveId(l.getWaveId())
        .setAttempt(attempt)
        .setRegion(l.getRegion())
        .setRequestId(l.getRequestId())
        .setJobIds(List.of(job))
        .setSourceServerIds(l.getSourceServerIds())
        .build();
  }

  static JobStatusChanged jobStatus(LaunchWave l, String job, Instant at) {
    return JobStatusChanged.newBuilder()
        .setId(id(l, "job", l.getAttempt()))
        .setExecutionId(l.getExecutionId())
        .setOccurredAt(at)
        .setWaveId(l.getWaveId())
        .setAttempt(l.getAttempt())
        .setJobId(job)
        .setStatus(JobStatus.STARTED)
        .setServers(servers(l, LaunchStatus.IN_PROGRESS, job))
        .build();
  }

  static WaveCompleted completed(LaunchWave l, int attempt, String job, Instant at) {
    return WaveCompleted.newBuilder()
        .setId(id(l, "completed", attempt))
        .setExecutionId(l.getExecutionId())
        .setOccurredAt(at)
        .setWaveId(l.getWaveId())
        .setAttempt(attempt)
        .setJobIds(List.of(job))
        .setServers(servers(l, LaunchStatus.LAUNCHED, job))
        .build();
  }

  static WaveFailed failed(LaunchWave l, String job, Instant at) {
    return WaveFailed.newBuilder()
        .setId(id(l, "failed", l.getAttempt()))
        .setExecutionId(l.getExecutionId())
        .setOccurredAt(at)
        .setWaveId(l.getWaveId())
        .setAttempt(l.getAttempt())
        .setJobIds(List.of(job))
        .setServers(servers(l, LaunchStatus.FAILED, job))
        .setFailedServerIds(l.getSourceServerIds())
        .setReason("launchStatus FAILED")
        .build();
  }

  static WaveLaunchFailed launchFailed(LaunchWave l, boolean retryable, Instant at) {
    return WaveLaunchFailed.newBuilder()
        .setId(id(l, "launch-failed", l.getAttempt()))
        .setExecutionId(l.getExecutionId())
        .setOccurredAt(at)
        .setWaveId(l.getWaveId())
        .setAttempt(l.getAttempt())
        .setRequestId(l.getRequestId())
        .setErrorCode(retryable ? "ThrottlingException" : "ValidationException")
        .setMessage(retryable ? "Rate exceeded" : "bad request")
        .setRetryable(retryable)
        .build();
  }
}
