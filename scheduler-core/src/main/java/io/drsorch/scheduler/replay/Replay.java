package io.drsorch.scheduler.replay;

import io.drsorch.avro.ExecutionTransition;
import io.drsorch.avro.ExecutionUpdated;
import io.drsorch.avro.LaunchWave;
import io.drsorch.scheduler.core.Decider;
import io.drsorch.scheduler.core.ExecutionEvent;
import io.drsorch.scheduler.core.ExecutionState;
import io.drsorch.scheduler.core.RetryPolicy;
import io.drsorch.scheduler.core.Tick;
import io.drsorch.scheduler.publication.Publication;
import io.drsorch.schemas.topics.Topics;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Replays an execution's recorded inputs through a fresh scheduler core ({@link Decider} and the
 * same {@link Publication} the scheduler publishes from) and compares the transitions it reaches
 * with the recorded history, record for record: ids, sequence numbers, times, causes, reasons and
 * job ids, and the state it ends in with the last view of the execution. Equal means the topics
 * hold everything that decided the execution.
 *
 * <p>Inputs are merged as Kafka Streams merges the scheduler's input partitions: each partition in
 * offset order, the partition whose next record has the smallest timestamp first. The scheduler's
 * timer firings are no records; each one that decided something left its time and id behind (as the
 * cause of a transition, or of a LaunchWave), and is replayed at that time.
 *
 * <p>Because those firings are rebuilt from the history being verified, a history cut after its
 * last input-caused decision (its last timer-caused transitions, a TIMED_OUT say, removed) would
 * replay to the same shortened list. So the state the replay ends in is also compared with the last
 * view on the compacted drs.executions, which the history topic does not feed.
 */
public final class Replay {

  /** What the replay found: pass, or the first difference. */
  public record Verdict(
      boolean verified,
      int recordedTransitions,
      int replayedTransitions,
      int inputs,
      int timers,
      List<String> differences) {}

  private final RetryPolicy policy;

  public Replay(RetryPolicy policy) {
    this.policy = policy;
  }

  public Verdict verify(ExecutionRecords records) {
    List<ExecutionTransition> recorded = distinct(records.history());
    if (records.admitted().isEmpty()) {
      return rejectedAtAdmission(records, recorded);
    }
    List<Input> inputs = inputs(records);
    Decider decider = new Decider(policy);
    ExecutionState state = null;
    List<ExecutionTransition> replayed = new ArrayList<>();
    Set<String> decidedLaunches = new HashSet<>();
    for (Input input : inputs) {
      List<ExecutionEvent> events;
      try {
        events = decider.decide(state, input.value(), input.now());
      } catch (RuntimeException e) {
        continue; // the scheduler dead-letters such a record; it decides nothing
      }
      if (events.isEmpty()) {
        continue;
      }
      Publication publication = Publication.of(state, events);
      replayed.addAll(publication.transitions());
      publication.launches().forEach(l -> decidedLaunches.add(l.getId()));
      state = publication.state();
    }
    List<String> differences = compare(recorded, replayed);
    for (Recorded<LaunchWave> launch : records.launches()) {
      if (!decidedLaunches.contains(launch.value().getId())) {
        differences.add(
            "LaunchWave "
                + launch.value().getWaveId()
                + " attempt "
                + launch.value().getAttempt()
                + " at "
                + launch.where()
                + " was not decided by the recorded inputs");
      }
    }
    endsAsTheLastView(records.lastView(), recorded, state).ifPresent(differences::add);
    long timers = inputs.stream().filter(i -> i.value() instanceof Tick).count();
    return new Verdict(
        differences.isEmpty(),
        recorded.size(),
        replayed.size(),
        inputs.size(),
        (int) timers,
        differences);
  }

  /**
   * The replayed final state against the last view of the execution: its sequence, its status and
   * each wave's status. Absent when they agree, or when the topic holds no view to compare with.
   */
  static Optional<String> endsAsTheLastView(
      ExecutionUpdated view, List<ExecutionTransition> recorded, ExecutionState end) {
    if (view == null) {
      return Optional.empty();
    }
    Map<String, String> replayedWaves = new LinkedHashMap<>();
    if (end != null) {
      end.waves().forEach(w -> replayedWaves.put(w.waveId(), w.status().name()));
    }
    Map<String, String> viewWaves = new LinkedHashMap<>();
    view.getWaves().forEach(w -> viewWaves.put(w.getWaveId(), w.getStatus().name()));
    long sequence = end == null ? 0 : end.sequence();
    String status = end == null ? "nothing" : end.status().name();
    if (sequence == view.getSequence()
        && status.equals(view.getStatus().name())
        && replayedWaves.equals(viewWaves)) {
      return Optional.empty();
    }
    String historyEnd =
        recorded.isEmpty()
            ? "the history is empty"
            : "the history ends at sequence "
                + recorded.get(recorded.size() - 1).getSequence()
                + " ("
                + status
                + (sequence == recorded.get(recorded.size() - 1).getSequence()
                    ? ""
                    : ", replayed to sequence " + sequence)
                + ")";
    String lastView =
        "the last view on "
            + Topics.EXECUTIONS.name()
            + " is sequence "
            + view.getSequence()
            + " ("
            + view.getStatus()
            + ")";
    String what;
    if (view.getSequence() > sequence) {
      what = "transitions are missing at the end";
    } else if (view.getSequence() < sequence) {
      what = "the inputs lead past the last view";
    } else {
      what = "they disagree on the outcome";
    }
    List<String> waves = new ArrayList<>();
    Set<String> ids = new LinkedHashSet<>(viewWaves.keySet());
    ids.addAll(replayedWaves.keySet());
    for (String id : ids) {
      String replayed = replayedWaves.get(id);
      String viewed = viewWaves.get(id);
      if (!Objects.equals(replayed, viewed)) {
        waves.add("wave " + id + " replays to " + replayed + ", the view says " + viewed);
      }
    }
    return Optional.of(
        historyEnd
            + " but "
            + lastView
            + ": "
            + what
            + (waves.isEmpty() ? "" : " (" + String.join("; ", waves) + ")"));
  }

  /** A rejected request never reached the execution side: its one transition says so. */
  private static Verdict rejectedAtAdmission(
      ExecutionRecords records, List<ExecutionTransition> recorded) {
    List<String> differences = new ArrayList<>();
    if (records.requests().isEmpty()) {
      differences.add("no ExecutionRequested for this execution on drs.execution-requests");
    }
    boolean rejected = recorded.size() == 1 && "REJECTED".equals(recorded.get(0).getToStatus());
    if (!rejected) {
      differences.add(
          "the request was never admitted, yet the history holds "
              + recorded.size()
              + " transitions other than one REJECTED");
    }
    return new Verdict(
        differences.isEmpty(),
        recorded.size(),
        rejected ? 1 : 0,
        records.requests().size(),
        0,
        differences);
  }

  /** Ids are deterministic: the same transition recorded twice is one transition. */
  private static List<ExecutionTransition> distinct(List<Recorded<ExecutionTransition>> history) {
    Map<String, ExecutionTransition> byId = new LinkedHashMap<>();
    history.forEach(r -> byId.putIfAbsent(r.value().getId(), r.value()));
    return new ArrayList<>(byId.values());
  }

  private static List<String> compare(
      List<ExecutionTransition> recorded, List<ExecutionTransition> replayed) {
    List<String> differences = new ArrayList<>();
    int n = Math.min(recorded.size(), replayed.size());
    for (int i = 0; i < n; i++) {
      if (!recorded.get(i).equals(replayed.get(i))) {
        differences.add(
            "transition #"
                + (i + 1)
                + " differs: recorded "
                + describe(recorded.get(i))
                + "; the inputs lead to "
                + describe(replayed.get(i)));
        return differences;
      }
    }
    if (recorded.size() > n) {
      differences.add(
          "the history records "
              + (recorded.size() - n)
              + " transition(s) the inputs do not lead to, the first: "
              + describe(recorded.get(n)));
    } else if (replayed.size() > n) {
      differences.add(
          "the history lacks "
              + (replayed.size() - n)
              + " transition(s) the inputs lead to, the first: "
              + describe(replayed.get(n)));
    }
    return differences;
  }

  static String describe(ExecutionTransition t) {
    return (t.getWaveId() == null ? "execution" : "wave " + t.getWaveId())
        + " "
        + t.getFromStatus()
        + " -> "
        + t.getToStatus()
        + " (sequence "
        + t.getSequence()
        + ", at "
        + t.getOccurredAt()
        + ", cause "
        + t.getCausationType()
        + " "
        + t.getCausationId()
        + (t.getReason() == null ? "" : ", reason: " + t.getReason())
        + ")";
  }

  /** One input of the execution processor, with the "now" it was decided at. */
  record Input(Object value, Instant now, int source, long offset) {}

  /**
   * The admitted request, commands and wave events merged by record timestamp (each source in
   * offset order), with the timers that fired placed at their firing times.
   */
  static List<Input> inputs(ExecutionRecords records) {
    List<List<Input>> sources = new ArrayList<>();
    sources.add(asInputs(records.admitted(), 0));
    sources.add(asInputs(records.commands(), 1));
    sources.add(asInputs(records.waveEvents(), 2));
    List<Input> merged = new ArrayList<>();
    int[] next = new int[sources.size()];
    while (true) {
      int pick = -1;
      for (int s = 0; s < sources.size(); s++) {
        if (next[s] < sources.get(s).size()
            && (pick < 0
                || sources
                    .get(s)
                    .get(next[s])
                    .now()
                    .isBefore(sources.get(pick).get(next[pick]).now()))) {
          pick = s;
        }
      }
      if (pick < 0) {
        break;
      }
      merged.add(sources.get(pick).get(next[pick]++));
    }
    // A timer fires between records: after those stamped up to its time, before later ones.
    for (Tick tick : timers(records)) {
      int at = 0;
      while (at < merged.size() && !merged.get(at).now().isAfter(tick.at())) {
        at++;
      }
      merged.add(at, new Input(tick, tick.at(), 3, 0));
    }
    return merged;
  }

  private static <T> List<Input> asInputs(List<Recorded<T>> records, int source) {
    return records.stream()
        .sorted(
            Comparator.comparingInt((Recorded<T> r) -> r.partition())
                .thenComparingLong(Recorded::offset))
        .map(r -> new Input(r.value(), r.time(), source, r.offset()))
        .toList();
  }

  /**
   * Timer firings that decided something: causes of transitions and of launches whose id is the id
   * of a timer of this execution at that time.
   */
  static List<Tick> timers(ExecutionRecords records) {
    Map<String, Tick> ticks = new LinkedHashMap<>();
    String executionId = records.executionId();
    for (Recorded<ExecutionTransition> r : records.history()) {
      ExecutionTransition t = r.value();
      if (Tick.TYPE.equals(t.getCausationType())) {
        timer(executionId, t.getCausationId(), t.getOccurredAt())
            .ifPresent(k -> ticks.put(k.id(), k));
      }
    }
    for (Recorded<LaunchWave> r : records.launches()) {
      LaunchWave l = r.value();
      timer(executionId, l.getCausationId(), l.getOccurredAt())
          .ifPresent(k -> ticks.put(k.id(), k));
    }
    return ticks.values().stream().sorted(Comparator.comparing(Tick::at)).toList();
  }

  private static Optional<Tick> timer(String executionId, String causationId, Instant at) {
    Tick tick = new Tick(executionId, at);
    return tick.id().equals(causationId) ? Optional.of(tick) : Optional.empty();
  }
}
