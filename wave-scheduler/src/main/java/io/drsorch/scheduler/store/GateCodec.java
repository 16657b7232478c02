package io.drsorch.scheduler.store;

import io.drsorch.avro.LaunchWave;
import io.drsorch.scheduler.gate.GateState;
import io.drsorch.scheduler.gate.GateState.Queued;
import io.drsorch.scheduler.gate.GateState.Slot;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** Maps the quota gate's state to the store's Avro record and back, exactly. */
public final class GateCodec {

  private GateCodec() {}

  public static StoredGate toStored(GateState s) {
    return StoredGate.newBuilder()
        .setActive(
            s.active().stream()
                .map(a -> new StoredSlot(a.requestId(), a.executionId(), a.jobs()))
                .toList())
        .setQueue(s.queue().stream().map(GateCodec::toStored).toList())
        .setReleased(
            s.released().entrySet().stream()
                .map(e -> new StoredRelease(e.getKey(), e.getValue()))
                .toList())
        .build();
  }

  public static GateState fromStored(StoredGate s) {
    Map<String, Instant> released = new LinkedHashMap<>();
    s.getReleased().forEach(r -> released.put(r.getRequestId(), r.getAt()));
    return new GateState(
        s.getActive().stream()
            .map(a -> new Slot(a.getRequestId(), a.getExecutionId(), a.getJobs()))
            .toList(),
        s.getQueue().stream().map(GateCodec::fromStored).toList(),
        released);
  }

  private static StoredLaunch toStored(Queued q) {
    LaunchWave l = q.launch();
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
        .setJobs(q.jobs())
        .setDependenciesEndedAt(l.getDependenciesEndedAt())
        .setWaveStartedAt(l.getWaveStartedAt())
        .build();
  }

  private static Queued fromStored(StoredLaunch l) {
    return new Queued(
        LaunchWave.newBuilder()
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
            .build(),
        l.getJobs());
  }
}
