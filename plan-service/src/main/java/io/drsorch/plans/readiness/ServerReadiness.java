package io.drsorch.plans.readiness;

import java.time.Instant;
import java.util.List;

/**
 * One server of the readiness answer.
 *
 * @param region the region its wave recovers into, where it was looked up
 * @param replicationState DRS's {@code dataReplicationState}; null when DRS does not know it
 * @param lag DRS's {@code lagDuration} as sent (ISO-8601, e.g. {@code PT20M}); null when absent
 * @param lastSnapshotAt when its newest recovery snapshot was taken; null when it has none
 * @param problems why it is not ready, each in words; empty when ready
 */
public record ServerReadiness(
    String sourceServerId,
    String waveId,
    String region,
    boolean ready,
    String replicationState,
    String lag,
    Instant lastSnapshotAt,
    List<String> problems) {}
