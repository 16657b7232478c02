package io.drsorch.scheduler.gate;

import io.drsorch.avro.LaunchWave;
import io.drsorch.avro.TerminateRecoveryInstances;
import io.drsorch.avro.WaveCommand;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

/**
 * A command that starts DRS jobs in one account and region, and so passes the quota gate: a wave's
 * LaunchWave (RECOVERY or DRILL jobs) or a drill cleanup's TerminateRecoveryInstances (TERMINATE
 * jobs). While its jobs run, DRS counts them and their servers against the account and region's
 * quotas, and locks its source servers: another job of one of them meets {@code ConflictException}.
 */
public sealed interface GateCommand permits GateCommand.Launch, GateCommand.Termination {

  /** The command on the gate's input, if the record is one. */
  static Optional<GateCommand> of(Object record) {
    if (record instanceof LaunchWave launch) {
      return Optional.of(new Launch(launch));
    }
    if (record instanceof TerminateRecoveryInstances termination) {
      return Optional.of(new Termination(termination));
    }
    return Optional.empty();
  }

  /** Deterministic id of the request: what its release names. */
  String requestId();

  /** Its id, which the records it causes name as their causationId. */
  String id();

  String executionId();

  String accountId();

  String region();

  /** Servers in its jobs, counted against the servers quota. */
  int servers();

  /** The source servers its jobs lock, each once. */
  List<String> serverIds();

  /** DRS jobs it starts. */
  int jobs(JobQuota quota);

  /** The command as the launcher reads it on the wave commands. */
  WaveCommand toWaveCommand();

  /** A wave attempt's launch: one job per call, each server in one job. */
  record Launch(LaunchWave launch) implements GateCommand {

    @Override
    public String requestId() {
      return launch.getRequestId();
    }

    @Override
    public String id() {
      return launch.getId();
    }

    @Override
    public String executionId() {
      return launch.getExecutionId();
    }

    @Override
    public String accountId() {
      return launch.getAccountId();
    }

    @Override
    public String region() {
      return launch.getRegion();
    }

    @Override
    public int servers() {
      return launch.getSourceServerIds().size();
    }

    @Override
    public List<String> serverIds() {
      return distinct(launch.getSourceServerIds());
    }

    @Override
    public int jobs(JobQuota quota) {
      return quota.jobsNeeded(servers());
    }

    @Override
    public WaveCommand toWaveCommand() {
      return new WaveCommand(launch);
    }
  }

  /**
   * A drill cleanup's termination of one account and region's recovery instances: one TERMINATE job
   * per call of at most {@link JobQuota#INSTANCES_PER_TERMINATE_CALL} instances, one server per
   * instance. A command written before terminations named their source servers locks none: the gate
   * cannot know them.
   */
  record Termination(TerminateRecoveryInstances termination) implements GateCommand {

    @Override
    public String requestId() {
      return termination.getRequestId();
    }

    @Override
    public String id() {
      return termination.getId();
    }

    @Override
    public String executionId() {
      return termination.getExecutionId();
    }

    @Override
    public String accountId() {
      return termination.getAccountId();
    }

    @Override
    public String region() {
      return termination.getRegion();
    }

    @Override
    public int servers() {
      // One server per instance; never fewer than it locks, so that a book holding locks always
      // counts servers.
      return Math.max(termination.getRecoveryInstanceIds().size(), serverIds().size());
    }

    @Override
    public List<String> serverIds() {
      return distinct(termination.getSourceServerIds());
    }

    @Override
    public int jobs(JobQuota quota) {
      return quota.terminateJobsNeeded(servers());
    }

    @Override
    public WaveCommand toWaveCommand() {
      return new WaveCommand(termination);
    }
  }

  private static List<String> distinct(List<String> ids) {
    return List.copyOf(new LinkedHashSet<>(ids));
  }
}
