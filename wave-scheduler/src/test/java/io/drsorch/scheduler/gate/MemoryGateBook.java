package io.drsorch.scheduler.gate;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A gate's book in memory, written plainly from the contract of {@link GateBook}: the model the
 * store's book is checked against, and the book of the property tests' world.
 */
public final class MemoryGateBook implements GateBook {

  /** What an active request holds. */
  private record Held(int jobs, int servers, List<String> serverIds) {}

  private final Map<String, Held> active = new LinkedHashMap<>();
  private final List<Waiting> line = new ArrayList<>();
  private final Map<String, Instant> released = new HashMap<>();

  @Override
  public Optional<Status> status(String requestId) {
    if (released.containsKey(requestId)) {
      return Optional.of(Status.RELEASED);
    }
    if (active.containsKey(requestId)) {
      return Optional.of(Status.ACTIVE);
    }
    return line.stream().anyMatch(w -> w.requestId().equals(requestId))
        ? Optional.of(Status.QUEUED)
        : Optional.empty();
  }

  @Override
  public int activeJobs() {
    return active.values().stream().mapToInt(Held::jobs).sum();
  }

  @Override
  public int activeServers() {
    return active.values().stream().mapToInt(Held::servers).sum();
  }

  @Override
  public int queued() {
    return line.size();
  }

  @Override
  public Optional<Waiting> head() {
    return line.isEmpty() ? Optional.empty() : Optional.of(line.get(0));
  }

  @Override
  public List<Waiting> line() {
    return List.copyOf(line);
  }

  @Override
  public List<String> locked(List<String> serverIds) {
    return serverIds.stream()
        .filter(id -> active.values().stream().anyMatch(h -> h.serverIds().contains(id)))
        .toList();
  }

  @Override
  public void activate(GateCommand command, int jobs) {
    active.put(command.requestId(), new Held(jobs, command.servers(), command.serverIds()));
  }

  @Override
  public void enqueue(GateCommand command, int jobs) {
    line.add(new Waiting(command, jobs));
  }

  @Override
  public void activateHead() {
    Waiting head = line.remove(0);
    activate(head.command(), head.jobs());
  }

  @Override
  public void release(String requestId, Instant at) {
    if (released.containsKey(requestId)) {
      return;
    }
    active.remove(requestId);
    line.removeIf(w -> w.requestId().equals(requestId));
    released.put(requestId, at);
  }

  @Override
  public void forgetReleasedBefore(Instant horizon, int atMost) {
    released.entrySet().stream()
        .filter(e -> e.getValue().isBefore(horizon))
        .sorted(Map.Entry.comparingByValue())
        .limit(atMost)
        .map(Map.Entry::getKey)
        .toList()
        .forEach(released::remove);
  }

  /** Requests forwarded and not released, with their jobs. */
  public Map<String, Integer> active() {
    Map<String, Integer> jobs = new LinkedHashMap<>();
    active.forEach((id, held) -> jobs.put(id, held.jobs()));
    return Map.copyOf(jobs);
  }
}
