package io.drsorch.schemas.topics;

import io.drsorch.avro.ExecutionCommand;
import io.drsorch.avro.ExecutionRequested;
import io.drsorch.avro.ExecutionTransition;
import io.drsorch.avro.ExecutionUpdated;
import io.drsorch.avro.JobSlotsReleased;
import io.drsorch.avro.LaunchWave;
import io.drsorch.avro.ProtectionGroup;
import io.drsorch.avro.RecoveryPlan;
import io.drsorch.avro.WaveCommand;
import io.drsorch.avro.WaveEvent;
import java.time.Duration;
import java.util.List;

/**
 * The topic catalogue. Names and keys are a contract: users produce to these topics, read them in
 * Kafka UI and replay them for audit. Requests are keyed by planId (one running execution per plan
 * is decided per key); everything after admission is keyed by executionId, so one execution's
 * records stay in order on one partition.
 */
public final class Topics {

  /** Key: groupId. Tombstone = deleted. */
  public static final TopicSpec<ProtectionGroup> PROTECTION_GROUPS =
      new TopicSpec<>("drs.protection-groups", ProtectionGroup.class, true, null);

  /** Key: planId. Tombstone = deleted. */
  public static final TopicSpec<RecoveryPlan> RECOVERY_PLANS =
      new TopicSpec<>("drs.recovery-plans", RecoveryPlan.class, true, null);

  /** Key: planId. A new executionId with a frozen, resolved snapshot of the plan. */
  public static final TopicSpec<ExecutionRequested> EXECUTION_REQUESTS =
      new TopicSpec<>("drs.execution-requests", ExecutionRequested.class, false, null);

  /** Key: executionId. CancelExecution and, later, other control commands. */
  public static final TopicSpec<ExecutionCommand> EXECUTION_COMMANDS =
      new TopicSpec<>("drs.execution-commands", ExecutionCommand.class, false, null);

  /** Key: executionId. LaunchWave commands for the launcher. */
  public static final TopicSpec<WaveCommand> WAVE_COMMANDS =
      new TopicSpec<>("drs.wave-commands", WaveCommand.class, false, null);

  /** Key: executionId. What the launcher and the watcher observed of DRS. */
  public static final TopicSpec<WaveEvent> WAVE_EVENTS =
      new TopicSpec<>("drs.wave-events", WaveEvent.class, false, null);

  /** Key: executionId. The whole current view of each execution (compacted). */
  public static final TopicSpec<ExecutionUpdated> EXECUTIONS =
      new TopicSpec<>("drs.executions", ExecutionUpdated.class, true, null);

  /** Key: executionId. Every status transition, append-only, kept long for audit. */
  public static final TopicSpec<ExecutionTransition> EXECUTION_HISTORY =
      new TopicSpec<>(
          "drs.execution-history", ExecutionTransition.class, false, Duration.ofDays(3650));

  /**
   * Key: executionId. Internal to the wave-scheduler: admitted requests, re-keyed from planId to
   * executionId so that all of one execution's inputs meet on one partition.
   */
  public static final TopicSpec<ExecutionRequested> SCHEDULER_ADMISSIONS =
      new TopicSpec<>("drs.scheduler.admissions", ExecutionRequested.class, false, null);

  /**
   * Key: planId. Internal to the wave-scheduler: the final view of each ended execution, re-keyed
   * to its plan so that the plan's next execution can be admitted.
   */
  public static final TopicSpec<ExecutionUpdated> SCHEDULER_RELEASES =
      new TopicSpec<>("drs.scheduler.releases", ExecutionUpdated.class, false, null);

  /**
   * Key: {@code accountId/region}. Internal to the wave-scheduler: launches waiting for DRS job
   * capacity, so that one place per account and region holds the concurrent-job quota.
   */
  public static final TopicSpec<LaunchWave> SCHEDULER_LAUNCH_REQUESTS =
      new TopicSpec<>("drs.scheduler.launch-requests", LaunchWave.class, false, null);

  /**
   * Key: {@code accountId/region}. Internal to the wave-scheduler: wave attempts whose DRS jobs
   * ended (or never started), freeing their share of the quota.
   */
  public static final TopicSpec<JobSlotsReleased> SCHEDULER_JOB_SLOTS =
      new TopicSpec<>("drs.scheduler.job-slots", JobSlotsReleased.class, false, null);

  /** Name of the dead-letter topic: raw records that could not be read or applied. */
  public static final String DEAD_LETTERS = "drs.dead-letters";

  /** Every Avro topic, in the order of the architecture's table. */
  public static final List<TopicSpec<?>> ALL =
      List.of(
          PROTECTION_GROUPS,
          RECOVERY_PLANS,
          EXECUTION_REQUESTS,
          EXECUTION_COMMANDS,
          WAVE_COMMANDS,
          WAVE_EVENTS,
          EXECUTIONS,
          EXECUTION_HISTORY,
          SCHEDULER_ADMISSIONS,
          SCHEDULER_RELEASES,
          SCHEDULER_LAUNCH_REQUESTS,
          SCHEDULER_JOB_SLOTS);

  private Topics() {}
}
