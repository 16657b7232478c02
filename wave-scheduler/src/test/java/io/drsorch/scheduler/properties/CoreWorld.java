package io.drsorch.scheduler.properties;

import static org.assertj.core.api.Assertions.assertThat;

import io.drsorch.avro.CancelExecution;
import io.drsorch.avro.JobSlotsReleased;
import io.drsorch.avro.LaunchWave;
import io.drsorch.avro.WaveStatus;
import io.drsorch.scheduler.Inputs;
import io.drsorch.scheduler.core.Decider;
import io.drsorch.scheduler.core.ExecutionEvent;
import io.drsorch.scheduler.core.ExecutionEvent.LaunchRequested;
import io.drsorch.scheduler.core.ExecutionState;
import io.drsorch.scheduler.core.RetryPolicy;
import io.drsorch.scheduler.core.Tick;
import io.drsorch.scheduler.core.WaveState;
import io.drsorch.scheduler.gate.GateKey;
import io.drsorch.scheduler.gate.JobQuota;
import io.drsorch.scheduler.gate.MemoryGateBook;
import io.drsorch.scheduler.gate.QuotaGate;
import io.drsorch.scheduler.gate.QuotaGate.Outcome;
import io.drsorch.scheduler.publication.Publication;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * The scheduler's pure parts wired the way the topology wires them (decide/evolve through a {@link
 * Publication}, the quota gate per account and region), with every message in one bag that is
 * delivered in random order, some of them twice. Asserts the invariants at every step.
 */
final class CoreWorld {

  private sealed interface Msg {}

  private record ToExecution(Object input) implements Msg {}

  private record ToGate(Object input) implements Msg {}

  private record DrsTurn(LaunchWave launch) implements Msg {}

  private final Scenario scenario;
  private final Decider decider;
  private final QuotaGate gate;
  private final JobQuota quota;
  private final Random random;
  private final List<Msg> bag = new ArrayList<>();
  private final Map<String, MemoryGateBook> gates = new HashMap<>();
  private final Map<String, Map<String, Integer>> forwardedNotReleased = new HashMap<>();
  private final Map<String, Integer> forwards = new HashMap<>();
  private final Map<String, Integer> launchRequests = new HashMap<>();
  final List<ExecutionEvent> history = new ArrayList<>();
  ExecutionState state;
  private Instant now = Inputs.T0;
  private boolean cancelled;
  int steps;

  CoreWorld(Scenario scenario, RetryPolicy policy) {
    this.scenario = scenario;
    this.decider = new Decider(policy);
    this.quota = new JobQuota(scenario.quota(), scenario.serversPerCall());
    this.gate = new QuotaGate(quota);
    this.random = new Random(scenario.seed());
  }

  void run() {
    execution(scenario.request());
    while (true) {
      assertThat(++steps).as("steps before the bag drains").isLessThan(50_000);
      Optional<Instant> timer = decider.nextTimer(state);
      if (bag.isEmpty()) {
        if (timer.isEmpty()) {
          return;
        }
        now = timer.get().isAfter(now) ? timer.get() : now;
        execution(new Tick(Scenario.EXEC, now));
        continue;
      }
      if (timer.isPresent() && !now.isBefore(timer.get()) && random.nextInt(4) == 0) {
        execution(new Tick(Scenario.EXEC, now));
        continue;
      }
      if (scenario.cancel() && !cancelled && random.nextInt(20) == 0) {
        cancelled = true;
        execution(cancel());
        continue;
      }
      now = now.plusSeconds(1);
      Msg msg = bag.remove(random.nextInt(bag.size()));
      if (!(msg instanceof DrsTurn) && random.nextInt(8) == 0) {
        bag.add(msg); // delivered again later
      }
      if (msg instanceof ToExecution m) {
        execution(m.input());
      } else if (msg instanceof ToGate m) {
        gate(m.input());
      } else if (msg instanceof DrsTurn m) {
        Drs.answer(m.launch(), random, now).forEach(a -> bag.add(new ToExecution(a)));
      }
    }
  }

  private CancelExecution cancel() {
    return CancelExecution.newBuilder()
        .setId("cancel-" + scenario.seed())
        .setExecutionId(Scenario.EXEC)
        .setOccurredAt(now)
        .setRequestedBy("jqwik")
        .build();
  }

  private void execution(Object input) {
    ExecutionState before = state;
    List<ExecutionEvent> events = decider.decide(state, input, now);
    if (events.isEmpty()) {
      return;
    }
    for (ExecutionEvent e : events) {
      if (e instanceof LaunchRequested l && l.attempt() > 1) {
        WaveState waiting = before.wave(l.waveId()).orElseThrow();
        assertThat(waiting.isWaitingForRetry()).as("retry of a waiting wave").isTrue();
        assertThat(now).as("retry not before its due time").isAfterOrEqualTo(waiting.retryDueAt());
      }
    }
    Publication p = Publication.of(before, events);
    state = p.state();
    history.addAll(events);
    for (ExecutionEvent e : events) {
      if (e instanceof LaunchRequested l) {
        int n = launchRequests.merge(l.waveId() + "/" + l.attempt(), 1, Integer::sum);
        assertThat(n).as("LaunchRequested per attempt").isEqualTo(1);
        assertDependenciesCompleted(l.waveId());
      }
    }
    p.slotReleases().forEach(r -> bag.add(new ToGate(r)));
    p.launches().forEach(l -> bag.add(new ToGate(l)));
  }

  private void gate(Object input) {
    String key;
    Outcome outcome;
    if (input instanceof LaunchWave l) {
      key = GateKey.of(l.getAccountId(), l.getRegion());
      outcome = gate.request(gates.computeIfAbsent(key, k -> new MemoryGateBook()), l, now);
    } else {
      JobSlotsReleased r = (JobSlotsReleased) input;
      key = GateKey.of(r.getAccountId(), r.getRegion());
      outcome = gate.release(gates.computeIfAbsent(key, k -> new MemoryGateBook()), r, now);
      active(key).remove(r.getRequestId());
    }
    for (LaunchWave l : outcome.launches()) {
      int n = forwards.merge(l.getRequestId(), 1, Integer::sum);
      assertThat(n).as("LaunchWave forwarded per request id %s", l.getRequestId()).isEqualTo(1);
      assertDependenciesCompleted(l.getWaveId());
      active(key).put(l.getRequestId(), quota.jobsNeeded(l.getSourceServerIds().size()));
      bag.add(new DrsTurn(l));
    }
    Map<String, Integer> active = active(key);
    int jobs = active.values().stream().mapToInt(Integer::intValue).sum();
    assertThat(jobs <= quota.maxConcurrentJobs() || active.size() == 1)
        .as("jobs %s of attempts %s within quota %s", jobs, active, quota.maxConcurrentJobs())
        .isTrue();
    outcome.deferrals().forEach(x -> bag.add(new ToExecution(x)));
  }

  private Map<String, Integer> active(String key) {
    return forwardedNotReleased.computeIfAbsent(key, k -> new LinkedHashMap<>());
  }

  private void assertDependenciesCompleted(String waveId) {
    for (String dep : state.wave(waveId).orElseThrow().dependsOn()) {
      assertThat(state.wave(dep).orElseThrow().status())
          .as("dependency %s of launched wave %s", dep, waveId)
          .isEqualTo(WaveStatus.COMPLETED);
    }
  }

  /** Attempts forwarded and not released, per gate key: empty once everything ended. */
  Map<String, Map<String, Integer>> stillHeld() {
    Map<String, Map<String, Integer>> held = new HashMap<>();
    forwardedNotReleased.forEach(
        (k, v) -> {
          if (!v.isEmpty()) {
            held.put(k, v);
          }
        });
    return held;
  }

  Map<String, MemoryGateBook> gates() {
    return gates;
  }

  int forwardedLaunches() {
    return forwards.size();
  }
}
