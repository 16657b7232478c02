package io.drsorch.scheduler.store;

import io.drsorch.avro.LaunchWave;

/** Maps a launch waiting at the quota gate to the store's Avro record and back, exactly. */
public final class GateCodec {

  private GateCodec() {}

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
        .build();
  }
}
