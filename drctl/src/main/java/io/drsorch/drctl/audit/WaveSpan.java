package io.drsorch.drctl.audit;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One wave of an execution as the report draws it.
 *
 * @param startedAt when it was asked to launch; null if it never was
 * @param endedAt when it reached its final status; null while it runs or if it never started
 * @param failedServers servers whose launch did not end LAUNCHED, with their status
 */
public record WaveSpan(
    String waveId,
    String name,
    List<String> dependsOn,
    String status,
    Instant startedAt,
    Instant endedAt,
    List<String> jobIds,
    int servers,
    int launched,
    List<String> failedServers,
    String reason) {

  public Duration duration() {
    return startedAt == null || endedAt == null ? null : Duration.between(startedAt, endedAt);
  }
}
