package io.drsorch.scheduler.store;

import io.drsorch.avro.LaunchWave;
import io.drsorch.avro.TerminateRecoveryInstances;
import io.drsorch.scheduler.gate.GateBook.Waiting;
import io.drsorch.scheduler.gate.GateCommand;

/**
 * Maps a request waiting at the quota gate to the store's Avro record and back, exactly. Entries
 * written before terminations passed the gate hold only launches, and their launches no
 * pointInTime: both read back as they were written (the new fields have defaults).
 */
public final class GateCodec {

  private GateCodec() {}

  /** The store entry of {@code command} in line. */
  public static StoredGateEntry toEntry(GateCommand command, int jobs) {
    if (command instanceof GateCommand.Launch launch) {
      return StoredGateEntry.newBuilder().setQueued(toStored(launch.launch(), jobs)).build();
    }
    TerminateRecoveryInstances t = ((GateCommand.Termination) command).termination();
    return StoredGateEntry.newBuilder().setQueuedTermination(toStored(t, jobs)).build();
  }

  /** The request in line that {@code entry} holds. */
  public static Waiting fromEntry(StoredGateEntry entry) {
    if (entry.getQueuedTermination() != null) {
      StoredTermination t = entry.getQueuedTermination();
      return new Waiting(new GateCommand.Termination(fromStored(t)), t.getJobs());
    }
    StoredLaunch launch = entry.getQueued();
    return new Waiting(new GateCommand.Launch(fromStored(launch)), launch.getJobs());
  }

  public static StoredLaunch toStored(LaunchWave l, int jobs) {
    return StoredLaunch.newBuilder()
        .setId(l.getId())
        .setExecutionId(l.getExecutionId())
        .setOccurredAt(l.getOccurredAt())
        .setCausationId(l.getCausationId())
        .setWaveId(l.getWaveId())
        .setAttempt(l.getAttempt())
        .setRegion(l.getRegion())
        .setAccountId(l.getAccountId())
        .setRoleArn(l.getRoleArn())
        .setSourceServerIds(l.getSourceServerIds())
        .setDrill(l.getDrill())
        .setRequestId(l.getRequestId())
        .setJobs(jobs)
        .setDependenciesEndedAt(l.getDependenciesEndedAt())
        .setWaveStartedAt(l.getWaveStartedAt())
        .setPointInTime(l.getPointInTime())
        .build();
  }

  public static LaunchWave fromStored(StoredLaunch l) {
    return LaunchWave.newBuilder()
        .setId(l.getId())
        .setExecutionId(l.getExecutionId())
        .setOccurredAt(l.getOccurredAt())
        .setCausationId(l.getCausationId())
        .setWaveId(l.getWaveId())
        .setAttempt(l.getAttempt())
        .setRegion(l.getRegion())
        .setAccountId(l.getAccountId())
        .setRoleArn(l.getRoleArn())
        .setSourceServerIds(l.getSourceServerIds())
        .setDrill(l.getDrill())
        .setRequestId(l.getRequestId())
        .setDependenciesEndedAt(l.getDependenciesEndedAt())
        .setWaveStartedAt(l.getWaveStartedAt())
        .setPointInTime(l.getPointInTime())
        .build();
  }

  public static StoredTermination toStored(TerminateRecoveryInstances t, int jobs) {
    return StoredTermination.newBuilder()
        .setId(t.getId())
        .setExecutionId(t.getExecutionId())
        .setOccurredAt(t.getOccurredAt())
        .setCausationId(t.getCausationId())
        .setRequestId(t.getRequestId())
        .setRegion(t.getRegion())
        .setAccountId(t.getAccountId())
        .setRoleArn(t.getRoleArn())
        .setRecoveryInstanceIds(t.getRecoveryInstanceIds())
        .setSourceServerIds(t.getSourceServerIds())
        .setJobs(jobs)
        .build();
  }

  public static TerminateRecoveryInstances fromStored(StoredTermination t) {
    return TerminateRecoveryInstances.newBuilder()
        .setId(t.getId())
        .setExecutionId(t.getExecutionId())
        .setOccurredAt(t.getOccurredAt())
        .setCausationId(t.getCausationId())
        .setRequestId(t.getRequestId())
        .setRegion(t.getRegion())
        .setAccountId(t.getAccountId())
        .setRoleArn(t.getRoleArn())
        .setRecoveryInstanceIds(t.getRecoveryInstanceIds())
        .setSourceServerIds(t.getSourceServerIds())
        .build();
  }
}
