package io.drsorch.scheduler.gate;

import io.drsorch.avro.LaunchWave;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The quota gate's state of one account and region.
 *
 * @param active wave attempts forwarded to the launcher and not released yet, with their job counts
 * @param queue launches waiting for capacity, first come first served
 * @param released attempts released lately (requestId -> when), so that a request arriving after
 *     its own release, or again, is never launched
 */
public record GateState(List<Slot> active, List<Queued> queue, Map<String, Instant> released) {

  public static final GateState EMPTY = new GateState(List.of(), List.of(), Map.of());

  public GateState {
    active = List.copyOf(active);
    queue = List.copyOf(queue);
    released = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(released));
  }

  /** One forwarded attempt and the DRS jobs it holds. */
  public record Slot(String requestId, String executionId, int jobs) {}

  /** One launch waiting for capacity. */
  public record Queued(LaunchWave launch, int jobs) {

    public String requestId() {
      return launch.getRequestId();
    }
  }

  public int activeJobs() {
    return active.stream().mapToInt(Slot::jobs).sum();
  }

  /** Whether this attempt was seen before: forwarded, queued or released. */
  public boolean knows(String requestId) {
    return released.containsKey(requestId)
        || active.stream().anyMatch(s -> s.requestId().equals(requestId))
        || queue.stream().anyMatch(q -> q.requestId().equals(requestId));
  }

  public boolean isEmpty() {
    return active.isEmpty() && queue.isEmpty() && released.isEmpty();
  }
}
