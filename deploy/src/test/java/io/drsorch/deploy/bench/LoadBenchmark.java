package io.drsorch.deploy.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.drsorch.avro.ExecutionTransition;
import io.drsorch.avro.LaunchWave;
import io.drsorch.avro.WaveCommand;
import io.drsorch.deploy.chaos.GroundTruth;
import io.drsorch.deploy.client.PlanServiceClient;
import io.drsorch.deploy.e2e.LocalStack;
import io.drsorch.deploy.scale.Fleet;
import io.drsorch.deploy.support.Drills;
import io.drsorch.deploy.support.Prometheus;
import io.drsorch.deploy.support.RawTopics;
import io.drsorch.deploy.support.SimulatorJobs;
import io.drsorch.schemas.registry.AvroSerde;
import io.drsorch.schemas.registry.SchemaRegistryClient;
import io.drsorch.schemas.topics.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
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
 * -Dtest=LoadBenchmark}; {@code -Dbench.load.executions=100,300,1000} picks the sizes. {@code
 * -Dbench.load.instances=2} runs the same load on a stack with that many instances of each service
 * (plans stored and executions started through every plan-service instance in turn), and {@code
 * -Dbench.load.kill=true} SIGKILLs one instance of each service in every measured run, once a third
 * of its launches are made (the killed ones come back before the next run). Then it also prints
 * each instance's share of the work and the chaos test's checks on DRS's own record (executions not
 * completed, duplicate launches, waves launched by several attempts, order violations, waves
 * without exactly one job, untagged jobs), all of which must be zero.
 */
class LoadBenchmark {

  private static final double PENDING_SECONDS = 0.5;
  private static final double STARTED_SECONDS = 1.0;
  private static final int QUOTA = 1000;
  private static final List<String> WAVES = List.of("w1", "w2", "w3");
  private static final Duration LIMIT = Duration.ofMinutes(15);

  /** Instances of each service (-Dbench.load.instances). */
  private static final int INSTANCES = Integer.getInteger("bench.load.instances", 1);

  /** Whether one instance of each service is killed in every measured run (-Dbench.load.kill). */
  private static final boolean KILL = Boolean.getBoolean("bench.load.kill");

  /** Killed in a run with -Dbench.load.kill: the second instance of each, or the only one. */
  private static final List<String> VICTIMS =
      LocalStack.SERVICES.stream()
          .map(s -> LocalStack.instance(s, Math.min(2, INSTANCES)))
          .toList();

  @RegisterExtension
  static final LocalStack STACK =
      LocalStack.named(
          "bench-load-stack",
          Map.of(
              "WATCHER_POLL_INTERVAL", "",
              "SIM_PENDING_SECONDS", Double.toString(PENDING_SECONDS),
              "SIM_STARTED_SECONDS", Double.toString(STARTED_SECONDS),
              "SCHEDULER_DRS_MAX_CONCURRENT_JOBS", Integer.toString(QUOTA),
              // DRS's servers quota out of the way too, at the same height: one server a job here.
              "SCHEDULER_DRS_MAX_SERVERS_IN_ACTIVE_JOBS", Integer.toString(QUOTA),
              "STACK_INSTANCES", Integer.toString(INSTANCES)));

  /** Every execution started on the stack: DRS must hold jobs of these only. */
  private static final List<String> STARTED = new ArrayList<>();

  /** The chaos checks of each run, asserted all zero once printed. */
  private static final List<List<Long>> CHAOS_COUNTS = new ArrayList<>();

  @Test
  void givenManyChainsAtOnce_whenStartedTogether_thenEachCompletesAndTheFiguresArePrinted()
      throws Exception {
    Drills drills = new Drills(STACK);
    drills.simulator().configure(Map.of("maxConcurrentJobs", QUOTA, "maxActiveServers", QUOTA));
    List<Integer> sizes =
        Arrays.stream(System.getProperty("bench.load.executions", "100,300,1000").split(","))
            .map(String::trim)
            .map(Integer::parseInt)
            .toList();
    if (KILL && INSTANCES < 2) {
      throw new IllegalArgumentException(
          "-Dbench.load.kill=true needs -Dbench.load.instances=2 or more: the survivors carry on");
    }
    System.out.printf(
        "[bench] load on %d instance(s) of each service%s%n",
        INSTANCES, KILL ? ", one of each killed in every measured run: " + VICTIMS : "");
    System.out.println(firstLaunch(drills, "the first execution of a fresh stack"));
    run(drills, 10, false); // warm-up, not reported: first use of every path
    if (INSTANCES == 1) {
      for (int restart = 1; restart <= 3; restart++) {
        // A launcher that just started (SIGKILLed and started again), the rest of the stack warm.
        STACK.kill9("drs-launcher");
        STACK.up("drs-launcher");
        System.out.println(firstLaunch(drills, "a fresh launcher (start " + restart + ")"));
      }
    }
    for (int executions : sizes) {
      run(drills, executions, KILL).forEach(System.out::println);
    }
  }

  /**
   * Runs {@code count} chains at once, killing one instance of each service a third of the way
   * through the launches if asked; returns the figures as lines (the checks and shares printed
   * already, before anything is asserted).
   */
  private static List<String> run(Drills drills, int count, boolean kill) throws Exception {
    if (kill) {
      STACK.up(); // whatever an earlier run killed
    }
    List<String> instances = new ArrayList<>();
    LocalStack.SERVICES.forEach(service -> instances.addAll(STACK.instances(service)));
    List<String> planServices = STACK.instances("plan-service");
    List<String> plans = new Fleet(STACK).storeChains("load", count, planServices);
    Map<String, String> before = scrape(instances);
    long launchesBefore = drills.simulator().callCounts().getOrDefault("StartRecovery", 0L);
    Killer killer =
        kill ? new Killer(drills, launchesBefore + count).start() : null; // a third of 3 x count

    // when: every execution started at once, as a burst of REST calls
    List<String> executions;
    List<String> notCompleted;
    Map<String, String> after;
    WaitingRecords waiting = WaitingRecords.start(STACK.bootstrapServers());
    try {
      executions = startTogether(plans, planServices);
      STARTED.addAll(executions);
      notCompleted = awaitAll(drills, executions).stream().filter(v -> v != null).toList();
    } finally {
      after = killer == null ? new LinkedHashMap<>() : killer.stop();
      waiting.close();
    }
    // Each instance's counters: the killed ones as read just before their kill.
    after.putAll(scrape(instances.stream().filter(i -> !after.containsKey(i)).toList()));

    // then: what DRS really did, judged as the chaos test judges it, and each instance's share
    List<String> lines = new ArrayList<>();
    lines.add(
        String.format(
            "[bench] %d executions%s:", count, kill ? ", one instance of each killed" : ""));
    lines.add(chaosChecks(executions, notCompleted));
    Map<String, Double> shares = new LinkedHashMap<>();
    before.forEach(
        (instance, text) ->
            shares.put(
                instance,
                Fleet.work(LocalStack.serviceOf(instance), after.getOrDefault(instance, text))
                    - Fleet.work(LocalStack.serviceOf(instance), text)));
    if (killer != null) {
      lines.add(killer.describe());
    }
    if (INSTANCES > 1) {
      Fleet.shares(shares).forEach(line -> lines.add("[bench]   share: " + line));
    }
    waiting.describe().forEach(line -> lines.add("[bench]   waiting records, " + line));
    lines.add(launcherPolls(before, after));
    lines.forEach(System.out::println); // now, should an assertion below fail
    lines.clear();
    assertThat(CHAOS_COUNTS.get(CHAOS_COUNTS.size() - 1))
        .as("the chaos checks of the run, all of which must be zero")
        .containsOnly(0L);
    assertThat(notCompleted).as("executions that did not complete").isEmpty();
    // DRS's own count: a killed launcher's last calls are in no metrics.
    double startRecovery =
        drills.simulator().callCounts().getOrDefault("StartRecovery", 0L) - launchesBefore;
    double launcherDescribe = delta(before, after, "drs-launcher", "DescribeJobs");
    double watcherDescribe = delta(before, after, "job-watcher", "DescribeJobs");
    double polls = metricDelta(before, after, "job-watcher", "drsorch_watcher_poll_calls_count");
    double pollCalls = metricDelta(before, after, "job-watcher", "drsorch_watcher_poll_calls_sum");
    double polledJobs = metricDelta(before, after, "job-watcher", "drsorch_watcher_poll_jobs_sum");
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
    lines.add(
        String.format(
            "[bench] load, %d executions x %d waves: first job to last end %.1f s (ideal %.1f s, %.1fx);"
                + " %.0f launches in %.1f s = %.1f/s; launcher DescribeJobs %.0f = %.3f per launch;"
                + " watcher DescribeJobs %.0f (%.0f polls reading %.1f jobs and making %.2f calls"
                + " each, page size 1000); hop %s; scheduler wave transitions %d in %.1f s ="
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
            polls,
            polledJobs / Math.max(1, polls),
            pollCalls / Math.max(1, polls),
            Distribution.of(hops),
            transitions.count(),
            transitions.seconds(),
            transitions.count() / Math.max(0.001, transitions.seconds()),
            SimulatorJobs.maxActive(jobs)));
    return lines;
  }

  /** What the launchers' polls returned and how long their DRS calls and commits took. */
  private static String launcherPolls(Map<String, String> before, Map<String, String> after) {
    String service = "drs-launcher";
    double polls = metricDelta(before, after, service, "drsorch_launcher_poll_commands_count");
    double commands = metricDelta(before, after, service, "drsorch_launcher_poll_commands_sum");
    Map<String, String> launch = Map.of("phase", "launch");
    Map<String, String> commit = Map.of("phase", "commit");
    String sum = "drsorch_launcher_poll_seconds_sum";
    String count = "drsorch_launcher_poll_seconds_count";
    double launchSeconds = metricDelta(before, after, service, sum, launch);
    double launches = metricDelta(before, after, service, count, launch);
    double commitSeconds = metricDelta(before, after, service, sum, commit);
    double commits = metricDelta(before, after, service, count, commit);
    return String.format(
        "[bench]   launcher polls: %.0f returning %.1f commands each; their launches took %.0f ms"
            + " and their commits %.0f ms on average (%.1f s and %.1f s in all)",
        polls,
        commands / Math.max(1, polls),
        1000 * launchSeconds / Math.max(1, launches),
        1000 * commitSeconds / Math.max(1, commits),
        launchSeconds,
        commitSeconds);
  }

  /** The metrics text of each instance that answers. */
  private static Map<String, String> scrape(List<String> instances) {
    Map<String, String> texts = new LinkedHashMap<>();
    for (String instance : instances) {
      try {
        texts.put(instance, Prometheus.scrapeInstance(STACK, instance));
      } catch (Exception | AssertionError down) {
        // Not answering (killed): no figures from it.
      }
    }
    return texts;
  }

  /** How much a metric (summed over its series) grew on the instances of a service. */
  private static double metricDelta(
      Map<String, String> before, Map<String, String> after, String service, String metric) {
    return metricDelta(before, after, service, metric, Map.of());
  }

  /** The DRS calls of one operation the instances of a service made between two readings. */
  private static double delta(
      Map<String, String> before, Map<String, String> after, String service, String operation) {
    return metricDelta(
        before, after, service, "drsorch_drs_calls_total", Map.of("operation", operation));
  }

  /** How much a metric's series with these labels grew, summed, on the instances of a service. */
  private static double metricDelta(
      Map<String, String> before,
      Map<String, String> after,
      String service,
      String metric,
      Map<String, String> labels) {
    double total = 0;
    for (Map.Entry<String, String> instance : before.entrySet()) {
      if (LocalStack.serviceOf(instance.getKey()).equals(service)) {
        String now = after.getOrDefault(instance.getKey(), instance.getValue());
        total +=
            Prometheus.sum(now, metric, labels)
                - Prometheus.sum(instance.getValue(), metric, labels);
      }
    }
    return total;
  }

  /**
   * The chaos test's checks of DRS's own record (see chaos/GroundTruth), as counts that must all be
   * zero: executions that did not complete, duplicate launches of one attempt, waves launched by
   * several attempts, waves launched before their dependency's job ended, waves without exactly one
   * job, jobs without the orchestrator's tags, and jobs of executions nobody started.
   */
  private static String chaosChecks(List<String> executions, List<String> notCompleted) {
    GroundTruth truth;
    try (DrsClient drs = STACK.drs()) {
      truth = GroundTruth.read(drs);
    }
    long order = 0;
    long notOneJob = 0;
    for (String execution : executions) {
      order += truth.orderViolations(execution, Fleet.CHAIN).size();
      for (String wave : WAVES) {
        notOneJob += truth.jobsOf(execution, wave).size() == 1 ? 0 : 1;
      }
    }
    Set<String> known = new HashSet<>(STARTED);
    long foreign = truth.executionIds().stream().filter(e -> !known.contains(e)).count();
    List<Long> counts =
        List.of(
            (long) notCompleted.size(),
            (long) truth.duplicates().size(),
            (long) truth.wavesLaunchedByManyAttempts().size(),
            order,
            notOneJob,
            (long) truth.untagged().size(),
            foreign);
    String line =
        String.format(
            "[bench]   chaos checks: not completed %d, duplicate launches %d, waves launched by"
                + " several attempts %d, order violations %d, waves without exactly one job %d,"
                + " untagged jobs %d, jobs of unknown executions %d",
            counts.toArray());
    CHAOS_COUNTS.add(counts);
    return line;
  }

  /**
   * Kills one instance of each service ({@link #VICTIMS}) once the simulator has served {@code
   * launches} StartRecovery calls, each a moment after reading its metrics (its counts up to then).
   */
  private static final class Killer {
    private final Drills drills;
    private final long launches;
    private final Map<String, String> lastRead = new LinkedHashMap<>();
    private final Thread thread = new Thread(this::run, "bench-killer");
    private volatile boolean stopped;
    private volatile String what = "no kill: the run ended first";

    Killer(Drills drills, long launches) {
      this.drills = drills;
      this.launches = launches;
    }

    Killer start() {
      thread.start();
      return this;
    }

    private void run() {
      try {
        long made;
        while ((made = drills.simulator().callCounts().getOrDefault("StartRecovery", 0L)) < launches
            && !stopped) {
          Thread.sleep(50);
        }
        if (stopped) {
          return;
        }
        long t0 = System.nanoTime();
        for (String victim : VICTIMS) {
          lastRead.put(victim, Prometheus.scrapeInstance(STACK, victim));
          if (!STACK.kill9(victim)) {
            throw new IllegalStateException(victim + " was not running");
          }
        }
        what =
            String.format(
                "[bench]   killed %s (SIGKILL) at the %dth StartRecovery call, in %.1f s",
                VICTIMS, made, (System.nanoTime() - t0) / 1e9);
      } catch (Exception e) {
        what = "[bench]   the kill failed: " + e;
      }
    }

    /** Waits for the kill to be done (or given up); returns the victims' last metrics. */
    Map<String, String> stop() throws InterruptedException {
      stopped = true;
      thread.join();
      return new LinkedHashMap<>(lastRead);
    }

    String describe() {
      return what;
    }
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
    STARTED.add(execution);
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

  /**
   * Starts an execution of each plan, 32 requests in flight at a time, plan i through plan-service
   * instance i+1 mod k (not the one that stored it); returns their ids.
   */
  private static List<String> startTogether(List<String> plans, List<String> planServices)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(32);
    try {
      List<Future<String>> started = new ArrayList<>();
      for (int i = 0; i < plans.size(); i++) {
        String plan = plans.get(i);
        PlanServiceClient client =
            new PlanServiceClient(STACK.url(planServices.get((i + 1) % planServices.size())));
        started.add(pool.submit(() -> client.startExecution(plan, "DRILL")));
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
    // In order, stopping at the first still running: asking about every open execution twice a
    // second was a thousand REST calls a round, CPU the stack under test then lacked (the figures
    // come from DRS's clock, so how soon the end is seen here does not change them).
    List<String> open = new ArrayList<>(executions);
    List<String> notCompleted = new ArrayList<>();
    long deadline = System.nanoTime() + LIMIT.toNanos();
    while (!open.isEmpty() && System.nanoTime() < deadline) {
      while (!open.isEmpty()) {
        JsonNode view = drills.plans().execution(open.get(0)).orElse(null);
        if (view == null || !Drills.TERMINAL.contains(view.path("status").asText())) {
          break;
        }
        open.remove(0);
        notCompleted.add("COMPLETED".equals(view.path("status").asText()) ? null : view.toString());
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
