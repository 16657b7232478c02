package io.drsorch.scheduler;

import io.drsorch.avro.ExecutionMode;
import io.drsorch.avro.ExecutionRequested;
import io.drsorch.avro.ExecutionWave;
import io.drsorch.avro.LaunchStatus;
import io.drsorch.avro.ServerLaunch;
import io.drsorch.avro.WaveCompleted;
import io.drsorch.avro.WaveLaunched;
import io.drsorch.schemas.limits.PlanLimits;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

/**
 * The largest request {@link PlanLimits} admit, and the events that run it: {@link
 * PlanLimits#MAX_WAVES} waves sharing {@link PlanLimits#MAX_SERVERS} servers, every id and name as
 * long as allowed, each wave in an account of its own reached by a role, each wave depending on the
 * {@code dependencies} waves before it.
 */
public final class LargestPlan {

  public static final int SERVERS_PER_WAVE = PlanLimits.MAX_SERVERS / PlanLimits.MAX_WAVES;

  /** Job ids a wave reports: more than the 1 its 25 servers need, as a smaller split would. */
  public static final int JOBS_PER_WAVE = 3;

  private LargestPlan() {}

  /** An id of {@code length} characters that starts with {@code prefix} and ends with {@code n}. */
  public static String id(String prefix, int n, int length) {
    String tail = Integer.toString(n);
    return prefix + "x".repeat(length - prefix.length() - tail.length()) + tail;
  }

  public static String waveId(int wave) {
    return id("wave-", wave, PlanLimits.MAX_ID_LENGTH);
  }

  public static String server(int wave, int n) {
    return id("s-", wave * SERVERS_PER_WAVE + n, 19);
  }

  /**
   * @param dependencies how many of the previous waves each wave depends on (1: a chain)
   */
  public static ExecutionRequested request(String executionId, String planId, int dependencies) {
    return request(executionId, planId, dependencies, 0);
  }

  /**
   * @param dependencies how many of the previous waves each wave depends on (1: a chain)
   * @param roleArnLength the length of every wave's role ARN (its path made longer); 0 for a short
   *     one
   */
  public static ExecutionRequested request(
      String executionId, String planId, int dependencies, int roleArnLength) {
    List<ExecutionWave> waves = new ArrayList<>();
    for (int i = 0; i < PlanLimits.MAX_WAVES; i++) {
      int wave = i;
      waves.add(
          ExecutionWave.newBuilder()
              .setWaveId(waveId(wave))
              .setName(id("Wave ", wave, PlanLimits.MAX_NAME_LENGTH))
              .setRegion("ap-southeast-2")
              .setAccountId(account(wave))
              .setRoleArn(roleArn(account(wave), roleArnLength))
              .setSourceServerIds(
                  IntStream.range(0, SERVERS_PER_WAVE).mapToObj(n -> server(wave, n)).toList())
              .setDependsOn(
                  IntStream.range(Math.max(0, wave - dependencies), wave)
                      .mapToObj(LargestPlan::waveId)
                      .toList())
              .setTimeoutMinutes(PlanLimits.MAX_TIMEOUT_MINUTES)
              .build());
    }
    return ExecutionRequested.newBuilder()
        .setId(id(UUID.randomUUID().toString(), 0, PlanLimits.MAX_ID_LENGTH))
        .setExecutionId(executionId)
        .setOccurredAt(Inputs.T0)
        .setPlanId(planId)
        .setPlanVersion(Long.MAX_VALUE)
        .setPlanName(id("Plan ", 0, PlanLimits.MAX_NAME_LENGTH))
        .setMode(ExecutionMode.RECOVERY)
        .setRequestedBy(id("arn:aws:sts::111122223333:assumed-role/", 0, 256))
        .setWaves(waves)
        .setWaveTimeoutMinutes(PlanLimits.MAX_TIMEOUT_MINUTES)
        .setExecutionTimeoutMinutes(PlanLimits.MAX_EXECUTION_TIMEOUT_MINUTES)
        .build();
  }

  public static WaveLaunched launched(String executionId, int wave) {
    return WaveLaunched.newBuilder()
        .setId(UUID.randomUUID().toString())
        .setExecutionId(executionId)
        .setOccurredAt(Inputs.T0)
        .setWaveId(waveId(wave))
        .setAttempt(1)
        .setRegion("ap-southeast-2")
        .setAccountId(account(wave))
        .setRequestId(executionId + "/" + waveId(wave) + "/1")
        .setJobIds(jobs(wave))
        .setSourceServerIds(
            IntStream.range(0, SERVERS_PER_WAVE).mapToObj(n -> server(wave, n)).toList())
        .build();
  }

  /** Every server of the wave LAUNCHED, with its recovery instance and job. */
  public static WaveCompleted completed(String executionId, int wave) {
    List<String> jobs = jobs(wave);
    return WaveCompleted.newBuilder()
        .setId(UUID.randomUUID().toString())
        .setExecutionId(executionId)
        .setOccurredAt(Inputs.T0)
        .setWaveId(waveId(wave))
        .setAttempt(1)
        .setJobIds(jobs)
        .setServers(
            IntStream.range(0, SERVERS_PER_WAVE)
                .mapToObj(
                    n ->
                        ServerLaunch.newBuilder()
                            .setSourceServerId(server(wave, n))
                            .setLaunchStatus(LaunchStatus.LAUNCHED)
                            .setRecoveryInstanceId(id("i-", wave * SERVERS_PER_WAVE + n, 19))
                            .setJobId(jobs.get(n % jobs.size()))
                            .build())
                .toList())
        .build();
  }

  private static List<String> jobs(int wave) {
    return IntStream.range(0, JOBS_PER_WAVE)
        .mapToObj(j -> id("drsjob-", wave * JOBS_PER_WAVE + j, 24))
        .toList();
  }

  private static String roleArn(String account, int length) {
    String shortest = "arn:aws:iam::" + account + ":role/drs/DrsOrchestratorRecovery";
    if (length <= shortest.length()) {
      return shortest;
    }
    String prefix = "arn:aws:iam::" + account + ":role/";
    String name = "DrsOrchestratorRecovery";
    return prefix + "p".repeat(length - prefix.length() - name.length() - 1) + "/" + name;
  }

  private static String account(int wave) {
    return String.format("%012d", 100_000_000_000L + wave);
  }
}
