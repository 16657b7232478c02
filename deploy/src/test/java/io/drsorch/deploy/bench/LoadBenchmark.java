package io.drsorch.deploy.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.drsorch.avro.ExecutionTransition;
import io.drsorch.avro.LaunchWave;
import io.drsorch.avro.WaveCommand;
import io.drsorch.deploy.e2e.LocalStack;
import io.drsorch.deploy.support.Drills;
import io.drsorch.deploy.support.Prometheus;
import io.drsorch.deploy.support.RawTopics;
import io.drsorch.schemas.registry.AvroSerde;
import io.drsorch.schemas.registry.SchemaRegistryClient;
import io.drsorch.schemas.topics.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.drs.DrsClient;
import software.amazon.awssdk.services.drs.model.Job;

/**
 * Many executions at once: E plans, each a chain of three one-server waves, stored and then started
 * together through the REST API, with DRS's job quota raised so that only the orchestrator limits
 * the pace. For each E it prints, from DRS's own clock: first job created to last job ended (beside
 * the ideal: three jobs back to back), launches per second, the launcher's DescribeJobs per launch,
 * dependency hop p50/p99 under that load, and the scheduler's wave transitions per second. Only
 * that every execution completed, and every wave has exactly one job, is asserted.
 *
 * <p>Not part of the default build: {@code mvn -B -o -pl deploy verify -Pbench
 * -Dtest=LoadBenchmark}; {@code -Dbench.load.executions=100,300,1000} picks the sizes.
 */
class LoadBenchmark {

  private static final double PENDING_SECONDS = 0.5;
  private static final double STARTED_SECONDS = 1.0;
  private static final int QUOTA = 1000;
  private static final List<String> WAVES = List.of("w1", "w2", "w3");
  private static final Duration LIMIT = Duration.ofMinutes(15);

  @RegisterExtension
  static final LocalStack STACK =
      LocalStack.named(
          "bench-load-stack",
          Map.of(
              "WATCHER_POLL_INTERVAL", "",
              "SIM_PENDING_SECONDS", Double.toString(PENDING_SECONDS),
              "SIM_STARTED_SECONDS", Double.toString(STARTED_SECONDS),
              "SCHEDULER_DRS_MAX_CONCURRENT_JOBS", Integer.toString(QUOTA)));

  @Test
  void givenManyChainsAtOnce_whenStartedTogether_thenEachCompletesAndTheFiguresArePrinted()
      throws Exception {
    Drills drills = new Drills(STACK);
    drills.simulator().configure(Map.of("maxConcurrentJobs", QUOTA));
    List<Integer> sizes =
        Arrays.stream(System.getProperty("bench.load.executions", "100,300,1000").split(","))
            .map(String::trim)
            .map(Integer::parseInt)
            .toList();
    List<String> lines = new ArrayList<>();
    lines.add(firstLaunch(drills, "the first execution of a fresh stack"));
    run(drills, 10); // warm-up, not reported: first use of every path
    for (int restart = 1; restart <= 3; restart++) {
      // A launcher that just started (SIGKILLed and started again), the rest of the stack warm.
      STACK.kill9("drs-launcher");
      STACK.up("drs-launcher");
      lines.add(firstLaunch(drills, "a fresh launcher (start " + restart + ")"));
    }
    for (int executions : sizes) {
      lines.add(run(drills, executions));
    }
    lines.forEach(System.out::println);
  }

  /** Runs {@code count} chains at once; returns the figures as one line. */
  private static String run(Drills drills, int count) throws Exception {
    List<String> plans = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      plans.add(
          drills.plan(
              drills.servers(1, WAVES.toArray(String[]::new)),
              Map.of("w2", List.of("w1"), "w3", List.of("w2"))));
    }
    String launcherBefore = Prometheus.scrape(STACK, "LAUNCHER_PORT");
    String watcherBefore = Prometheus.scrape(STACK, "WATCHER_PORT");

    // when: every execution started at once, as a burst of REST calls
    List<String> executions = startTogether(drills, plans);
    for (String execution : awaitAll(drills, executions)) {
      assertThat(execution).as("an execution that did not complete").isNull();
    }

    // then: DRS's record of the run
    String launcherAfter = Prometheus.scrape(STACK, "LAUNCHER_PORT");
    String watcherAfter = Prometheus.scrape(STACK, "WATCHER_PORT");
    double startRecovery = delta(launcherBefore, launcherAfter, "StartRecovery");
    double launcherDescribe = delta(launcherBefore, launcherAfter, "DescribeJobs");
    double watcherDescribe = delta(watcherBefore, watcherAfter, "DescribeJobs");
    SimulatorJobs truth;
    try (DrsClient drs = STACK.drs()) {
      truth = SimulatorJobs.read(drs);
    }
    List<Job> jobs = new ArrayList<>();
    List<Duration> hops = new ArrayList<>();
    for (String execution : executions) {
      for (int w = 0; w < WAVES.size(); w++) {
        List<Job> wave = truth.of(execution, WAVES.get(w));
        assertThat(wave).as("jobs of %s/%s", execution, WAVES.get(w)).hasSize(1);
        jobs.addAll(wave);
        if (w > 0) {
          List<Job> dependency = truth.of(execution, WAVES.get(w - 1));
          hops.add(
              Duration.between(
                  SimulatorJobs.lastEnded(dependency), SimulatorJobs.firstCreated(wave)));
        }
      }
    }
    Instant first = SimulatorJobs.firstCreated(jobs);
    Instant lastCreated =
        jobs.stream().map(SimulatorJobs::created).max(Instant::compareTo).orElseThrow();
    Instant last = SimulatorJobs.lastEnded(jobs);
    Duration span = Duration.between(first, last);
    double ideal = WAVES.size() * (PENDING_SECONDS + STARTED_SECONDS);
    double launchSpan = Math.max(0.001, Duration.between(first, lastCreated).toMillis() / 1e3);
    Transitions transitions = waveTransitions(Set.copyOf(executions));
    return String.format(
        "[bench] load, %d executions x %d waves: first job to last end %.1f s (ideal %.1f s, %.1fx);"
            + " %.0f launches in %.1f s = %.1f/s; launcher DescribeJobs %.0f = %.3f per launch;"
            + " watcher DescribeJobs %.0f; hop %s; scheduler wave transitions %d in %.1f s ="
            + " %.0f/s; max active jobs %d",
        count,
        WAVES.size(),
        span.toMillis() / 1e3,
        ideal,
        span.toMillis() / 1e3 / ideal,
        startRecovery,
        launchSpan,
        startRecovery / launchSpan,
        launcherDescribe,
        launcherDescribe / Math.max(1, startRecovery),
        watcherDescribe,
        Distribution.of(hops),
        transitions.count(),
        transitions.seconds(),
        transitions.count() / Math.max(0.001, transitions.seconds()),
        SimulatorJobs.maxActive(jobs));
  }

  /**
   * The first launch of a one-wave execution: from its LaunchWave (the scheduler's clock) to DRS
   * creating the job (DRS's clock; one machine here). A first wave's LaunchWave carries the time of
   * the request, so this includes the scheduler's hops: it bounds the launcher's part from above.
   */
  private static String firstLaunch(Drills drills, String what) throws Exception {
    String plan = drills.plan(drills.servers(1, "first"), Map.of());
    JsonNode view = drills.runToEnd(plan, LIMIT);
    assertThat(view.path("status").asText()).as("first execution: %s", view).isEqualTo("COMPLETED");
    String execution = view.path("executionId").asText();
    AvroSerde<WaveCommand> serde =
        AvroSerde.forValues(SchemaRegistryClient.shared(STACK.registryUrl()), WaveCommand.class);
    Instant commanded = null;
    try (RawTopics topics = new RawTopics(STACK)) {
      for (ConsumerRecord<byte[], byte[]> record :
          topics.readAll(Topics.WAVE_COMMANDS.name(), Duration.ofSeconds(30))) {
        if (serde.deserialize(record.topic(), record.value()).getCommand()
                instanceof LaunchWave launch
            && launch.getExecutionId().equals(execution)) {
          commanded = launch.getOccurredAt();
        }
      }
    }
    assertThat(commanded).as("the LaunchWave of %s", execution).isNotNull();
    Instant created;
    try (DrsClient drs = STACK.drs()) {
      created = SimulatorJobs.firstCreated(SimulatorJobs.read(drs).of(execution));
    }
    return String.format(
        "[bench] first launch of %s: DRS created the job %d ms after its LaunchWave (target for a"
            + " fresh launcher: 500 ms)",
        what, Duration.between(commanded, created).toMillis());
  }

  private static double delta(String before, String after, String operation) {
    Map<String, String> labels = Map.of("operation", operation);
    return Prometheus.sum(after, "drsorch_drs_calls_total", labels)
        - Prometheus.sum(before, "drsorch_drs_calls_total", labels);
  }

  /** Starts an execution of each plan, 32 requests in flight at a time; returns their ids. */
  private static List<String> startTogether(Drills drills, List<String> plans) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(32);
    try {
      List<Future<String>> started = new ArrayList<>();
      for (String plan : plans) {
        started.add(pool.submit(() -> drills.plans().startExecution(plan, "DRILL")));
      }
      List<String> ids = new ArrayList<>();
      for (Future<String> future : started) {
        ids.add(future.get());
      }
      return ids;
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * Waits until every execution has ended; returns a list with null for each COMPLETED one and the
   * view of each other one.
   */
  private static List<String> awaitAll(Drills drills, List<String> executions)
      throws InterruptedException {
    Set<String> open = new HashSet<>(executions);
    List<String> notCompleted = new ArrayList<>();
    long deadline = System.nanoTime() + LIMIT.toNanos();
    while (!open.isEmpty() && System.nanoTime() < deadline) {
      for (String execution : List.copyOf(open)) {
        JsonNode view = drills.plans().execution(execution).orElse(null);
        if (view != null && Drills.TERMINAL.contains(view.path("status").asText())) {
          open.remove(execution);
          notCompleted.add(
              "COMPLETED".equals(view.path("status").asText()) ? null : view.toString());
        }
      }
      Thread.sleep(500);
    }
    open.forEach(execution -> notCompleted.add(execution + " still running after " + LIMIT));
    return notCompleted;
  }

  private record Transitions(int count, double seconds) {}

  /** The wave transitions the scheduler recorded for these executions, and over how long. */
  private static Transitions waveTransitions(Set<String> executions) {
    AvroSerde<ExecutionTransition> serde =
        AvroSerde.forValues(
            SchemaRegistryClient.shared(STACK.registryUrl()), ExecutionTransition.class);
    int count = 0;
    Instant first = null;
    Instant last = null;
    try (RawTopics topics = new RawTopics(STACK)) {
      for (ConsumerRecord<byte[], byte[]> record :
          topics.readAll(Topics.EXECUTION_HISTORY.name(), Duration.ofSeconds(60))) {
        ExecutionTransition t = serde.deserialize(record.topic(), record.value());
        if (t.getWaveId() == null || !executions.contains(t.getExecutionId())) {
          continue;
        }
        count++;
        first = first == null || t.getOccurredAt().isBefore(first) ? t.getOccurredAt() : first;
        last = last == null || t.getOccurredAt().isAfter(last) ? t.getOccurredAt() : last;
      }
    }
    return new Transitions(
        count, first == null ? 0 : Duration.between(first, last).toMillis() / 1e3);
  }
}
