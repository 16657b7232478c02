package io.drsorch.deploy.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.drsorch.deploy.client.SimulatorAdmin;
import io.drsorch.deploy.e2e.LocalStack;
import io.drsorch.deploy.support.Drills;
import io.drsorch.deploy.support.SimulatorJobs;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.drs.DrsClient;
import software.amazon.awssdk.services.drs.model.Job;

/**
 * How long a dependency hop takes, from DRS's own clock: the dependent wave's job created minus its
 * dependency's job ended. Measured twice on one stack: with the simulator pushing launch-result
 * events to the watcher (as EventBridge would), then with every event lost, the watcher's adaptive
 * polling the only path: the baseline. Prints both distributions; timings are not asserted, only
 * that every execution completed and every hop went forward.
 *
 * <p>Not part of the default build: {@code mvn -B -o -pl deploy verify -Pbench}.
 */
class HopLatencyBenchmark {

  /** 6 executions of an 11-wave chain: 60 hops per run. */
  private static final int EXECUTIONS = 6;

  /** Runs with push, measured one after the other on the same stack ({@code -Dbench.rounds}). */
  private static final int ROUNDS = Integer.getInteger("bench.rounds", 3);

  private static final int WAVES = 11;
  private static final Duration EXECUTION_LIMIT = Duration.ofMinutes(5);

  /**
   * The stack's defaults except short DRS jobs (pending 1 s, started 1 s) and no fixed poll
   * interval (an empty value): the watcher polls adaptively, every 1 s to 15 s.
   */
  @RegisterExtension
  static final LocalStack STACK =
      LocalStack.named(
          "bench-hop-stack",
          Map.of(
              "WATCHER_POLL_INTERVAL", "", "SIM_PENDING_SECONDS", "1", "SIM_STARTED_SECONDS", "1"));

  @Test
  void givenChainsOfWaves_whenRunWithPushThenWithPollingOnly_thenEveryHopIsMeasuredInOrder() {
    // given
    Drills drills = new Drills(STACK);
    try (DrsClient drs = STACK.drs()) {
      warmUp(drills);

      // when
      List<Run> pushRounds = new ArrayList<>();
      for (int round = 1; round <= ROUNDS; round++) {
        pushRounds.add(run(drills, drs, "push (event loss 0), round " + round, 0.0));
      }
      Run push = Run.together("push (event loss 0), all rounds", pushRounds);
      Run polling = run(drills, drs, "polling only (event loss 1.0)", 1.0);

      // then
      List<Run> reported = new ArrayList<>(pushRounds);
      reported.add(push);
      reported.add(polling);
      for (Run run : reported) {
        System.out.printf(
            "[bench] hop latency, %s: %s; slowest %s; %d executions in %.1f s; DescribeJobs calls"
                + " %d; events %s%n",
            run.name(),
            run.hops(),
            run.slowest(),
            run.executions(),
            run.wall().toMillis() / 1e3,
            run.describeJobsCalls(),
            run.events() == null ? "(see each round)" : run.events());
      }
      System.out.printf(
          "[bench] hop latency p99, polling only / push: %d ms / %d ms = %.1f"
              + " (targets: push p99 < 1000 ms; polling within the max poll interval, 15 s)%n",
          polling.hops().p99().toMillis(),
          push.hops().p99().toMillis(),
          (double) polling.hops().p99().toMillis() / Math.max(1, push.hops().p99().toMillis()));
    }
  }

  private record Run(
      String name,
      List<Duration> hopList,
      int executions,
      List<String> slowest,
      Duration wall,
      long describeJobsCalls,
      JsonNode events) {

    Distribution hops() {
      return Distribution.of(hopList);
    }

    /** The rounds' hops as one distribution: its p99 rests on more than a run's few slowest. */
    static Run together(String name, List<Run> rounds) {
      List<Duration> hops = new ArrayList<>();
      List<String> slowest = new ArrayList<>();
      Duration wall = Duration.ZERO;
      long calls = 0;
      int executions = 0;
      for (Run round : rounds) {
        hops.addAll(round.hopList());
        slowest.addAll(round.slowest());
        wall = wall.plus(round.wall());
        calls += round.describeJobsCalls();
        executions += round.executions();
      }
      slowest.sort(
          Comparator.comparingLong(
                  (String hop) ->
                      Long.parseLong(hop.substring(hop.lastIndexOf('=') + 1, hop.length() - 3)))
              .reversed());
      return new Run(
          name,
          hops,
          executions,
          slowest.subList(0, Math.min(3, slowest.size())),
          wall,
          calls,
          null);
    }
  }

  /**
   * As many short chains as a run has executions, at once, not measured: the first executions on a
   * fresh stack pay for schema registrations, producer transactions' first use and cold JIT on
   * every path a run takes, which no later hop does.
   */
  private static void warmUp(Drills drills) {
    List<String> executions = new ArrayList<>();
    for (int i = 0; i < EXECUTIONS; i++) {
      String plan =
          drills.plan(
              drills.servers(1, "warm-a", "warm-b", "warm-c"),
              Map.of("warm-b", List.of("warm-a"), "warm-c", List.of("warm-b")));
      executions.add(drills.plans().startExecution(plan, "DRILL"));
    }
    for (String execution : executions) {
      JsonNode view = drills.awaitEnd(execution, EXECUTION_LIMIT);
      assertThat(view.path("status").asText()).as("warm-up: %s", view).isEqualTo("COMPLETED");
    }
  }

  /** Runs {@link #EXECUTIONS} chains at once with this event loss rate; measures their hops. */
  private static Run run(Drills drills, DrsClient drs, String name, double eventLossRate) {
    SimulatorAdmin simulator = drills.simulator();
    simulator.configure(Map.of("eventLossRate", eventLossRate));
    simulator.resetCallCounts();
    simulator.resetEventCounts();
    List<String> waves = new ArrayList<>();
    Map<String, List<String>> deps = new LinkedHashMap<>();
    for (int i = 0; i < WAVES; i++) {
      waves.add(String.format("w%02d", i));
      if (i > 0) {
        deps.put(waves.get(i), List.of(waves.get(i - 1)));
      }
    }
    List<String> plans = new ArrayList<>();
    for (int i = 0; i < EXECUTIONS; i++) {
      plans.add(drills.plan(drills.servers(1, waves.toArray(String[]::new)), deps));
    }

    Instant start = Instant.now();
    List<String> executions =
        plans.stream().map(plan -> drills.plans().startExecution(plan, "DRILL")).toList();
    for (String execution : executions) {
      JsonNode view = drills.awaitEnd(execution, EXECUTION_LIMIT);
      assertThat(view.path("status").asText()).as("%s: %s", name, view).isEqualTo("COMPLETED");
    }
    Duration wall = Duration.between(start, Instant.now());
    long describeJobs = simulator.callCounts().getOrDefault("DescribeJobs", 0L);
    JsonNode events = simulator.eventCounts();

    SimulatorJobs truth = SimulatorJobs.read(drs);
    List<Duration> hops = new ArrayList<>();
    Map<String, Duration> named = new LinkedHashMap<>();
    for (String execution : executions) {
      for (int i = 1; i < WAVES; i++) {
        List<Job> dependency = truth.of(execution, waves.get(i - 1));
        List<Job> dependent = truth.of(execution, waves.get(i));
        assertThat(dependency).as("jobs of %s/%s", execution, waves.get(i - 1)).isNotEmpty();
        assertThat(dependent).as("jobs of %s/%s", execution, waves.get(i)).isNotEmpty();
        Duration hop =
            Duration.between(
                SimulatorJobs.lastEnded(dependency), SimulatorJobs.firstCreated(dependent));
        assertThat(hop)
            .as("%s: %s launched after %s ended", execution, waves.get(i), waves.get(i - 1))
            .isPositive();
        hops.add(hop);
        named.put(execution.substring(0, 8) + "/" + waves.get(i), hop);
      }
    }
    List<String> slowest =
        named.entrySet().stream()
            .sorted(Map.Entry.<String, Duration>comparingByValue().reversed())
            .limit(3)
            .map(e -> e.getKey() + "=" + e.getValue().toMillis() + " ms")
            .toList();
    return new Run(name, hops, EXECUTIONS, slowest, wall, describeJobs, events);
  }
}
