package io.drsorch.deploy.scale;

import com.fasterxml.jackson.databind.JsonNode;
import io.drsorch.deploy.chaos.GroundTruth;
import io.drsorch.deploy.client.PlanServiceClient;
import io.drsorch.deploy.client.ServerIds;
import io.drsorch.deploy.client.SimulatorAdmin;
import io.drsorch.deploy.e2e.LocalStack;
import io.drsorch.deploy.support.Drills;
import io.drsorch.deploy.support.Prometheus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.drs.model.Job;

/**
 * The instances of every service on a stack started with several ({@code STACK_INSTANCES}): what
 * each one did, read from its own {@code /q/metrics}, and chains of three one-server waves stored,
 * started and followed through every plan-service instance. Shared by {@link ScaleOutTest} and the
 * load benchmark.
 *
 * <p>An instance's work: plan-service, the REST requests it served (its HTTP server's count, health
 * and metrics left out); wave-scheduler, the records its Kafka Streams threads processed;
 * drs-launcher, the StartRecovery calls it made; job-watcher, the events it wrote to
 * drs.wave-events.
 */
public final class Fleet {

  public static final List<String> WAVES = List.of("w1", "w2", "w3");

  /** w1, then w2, then w3. */
  public static final Map<String, List<String>> CHAIN =
      Map.of("w2", List.of("w1"), "w3", List.of("w2"));

  private static final Pattern HTTP_REQUESTS =
      Pattern.compile("^http_server_requests_seconds_count\\{(.*)\\}\\s+(\\S+)$");

  private final LocalStack stack;
  private final SimulatorAdmin simulator;

  public Fleet(LocalStack stack) {
    this.stack = stack;
    this.simulator = new SimulatorAdmin(stack.simulatorUrl());
  }

  /** What an instance's work is counted in, for a report. */
  public static String unit(String service) {
    return switch (service) {
      case "plan-service" -> "requests";
      case "wave-scheduler" -> "records processed";
      case "drs-launcher" -> "StartRecovery calls";
      case "job-watcher" -> "events written";
      default -> throw new IllegalArgumentException("not a service: " + service);
    };
  }

  /** An instance's work so far, from its metrics text (see the class comment). */
  public static double work(String service, String metrics) {
    return switch (service) {
      case "plan-service" -> requestsServed(metrics);
      case "wave-scheduler" ->
          Prometheus.sum(metrics, "kafka_stream_thread_process_total", Map.of());
      case "drs-launcher" ->
          Prometheus.sum(metrics, "drsorch_drs_calls_total", Map.of("operation", "StartRecovery"));
      case "job-watcher" ->
          Prometheus.sum(metrics, "drsorch_watcher_events_written_total", Map.of());
      default -> throw new IllegalArgumentException("not a service: " + service);
    };
  }

  /** Requests the REST API answered: every URI but Quarkus' own {@code /q/...}. */
  private static double requestsServed(String metrics) {
    double total = 0;
    for (String line : metrics.split("\n")) {
      Matcher m = HTTP_REQUESTS.matcher(line.trim());
      if (m.matches() && !m.group(1).contains("uri=\"/q/")) {
        total += Double.parseDouble(m.group(2));
      }
    }
    return total;
  }

  /** The work of each of these instances now; one that does not answer is left out. */
  public Map<String, Double> work(Collection<String> components) {
    Map<String, Double> work = new LinkedHashMap<>();
    for (String component : components) {
      try {
        work.put(
            component,
            work(LocalStack.serviceOf(component), Prometheus.scrapeInstance(stack, component)));
      } catch (Exception | AssertionError down) {
        // Killed, or not started yet: no figure.
      }
    }
    return work;
  }

  /** What each instance did between two readings (an instance missing before counts from 0). */
  public static Map<String, Double> delta(Map<String, Double> before, Map<String, Double> after) {
    Map<String, Double> delta = new LinkedHashMap<>();
    after.forEach((c, value) -> delta.put(c, value - before.getOrDefault(c, 0.0)));
    return delta;
  }

  /**
   * One line per service: each instance's share, e.g. {@code drs-launcher 91 / drs-launcher-2 89}.
   */
  public static List<String> shares(Map<String, Double> work) {
    Map<String, List<String>> byService = new LinkedHashMap<>();
    work.forEach(
        (component, value) ->
            byService
                .computeIfAbsent(LocalStack.serviceOf(component), s -> new ArrayList<>())
                .add(String.format("%s %.0f", component, value)));
    List<String> lines = new ArrayList<>();
    byService.forEach(
        (service, parts) ->
            lines.add(service + " (" + unit(service) + "): " + String.join(" / ", parts)));
    return lines;
  }

  /**
   * Stores {@code count} chains of three one-server waves on fresh servers, plan i through
   * plan-service instance i mod k; returns their ids.
   */
  public List<String> storeChains(String prefix, int count, List<String> planServices)
      throws Exception {
    List<String> servers = ServerIds.fresh(count * WAVES.size());
    for (int from = 0; from < servers.size(); from += 600) {
      simulator.addSourceServers(
          Drills.REGION, servers.subList(from, Math.min(servers.size(), from + 600)));
    }
    List<String> plans = new ArrayList<>();
    List<Map<String, Object>> bodies = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String planId = prefix + "-" + i + "-" + UUID.randomUUID().toString().substring(0, 6);
      Map<String, List<String>> waves = new LinkedHashMap<>();
      for (int w = 0; w < WAVES.size(); w++) {
        waves.put(WAVES.get(w), List.of(servers.get(i * WAVES.size() + w)));
      }
      plans.add(planId);
      bodies.add(Drills.planBody(planId, waves, CHAIN));
    }
    inParallel(
        count,
        i ->
            new PlanServiceClient(stack.url(planServices.get(i % planServices.size())))
                .putPlan(plans.get(i), bodies.get(i))
                .expect(200, "store " + plans.get(i)));
    return plans;
  }

  /**
   * Starts an execution of each plan through plan-service instance i+1 mod k, not the one that
   * stored it (as a load balancer would send the next request anywhere); returns the ids, in order.
   */
  public List<String> start(List<String> plans, List<String> planServices) throws Exception {
    return inParallel(
        plans.size(),
        i ->
            new PlanServiceClient(stack.url(planServices.get((i + 1) % planServices.size())))
                .startExecution(plans.get(i), "DRILL"));
  }

  /**
   * Reads the status view of every execution until each has ended or the time is up, through the
   * given plan-service instances in turn; returns the last view read of each (null: none).
   */
  public Map<String, JsonNode> awaitEnded(
      Collection<String> executions, List<String> planServices, Duration limit)
      throws InterruptedException {
    Map<String, JsonNode> views = new HashMap<>();
    Set<String> open = new LinkedHashSet<>(executions);
    long deadline = System.nanoTime() + limit.toNanos();
    int next = 0;
    while (!open.isEmpty() && System.nanoTime() < deadline) {
      for (String execution : List.copyOf(open)) {
        String via = planServices.get(next++ % planServices.size());
        try {
          JsonNode view = new PlanServiceClient(stack.url(via)).execution(execution).orElse(null);
          if (view != null) {
            views.put(execution, view);
            if (Drills.TERMINAL.contains(view.path("status").asText())) {
              open.remove(execution);
            }
          }
        } catch (IllegalStateException | AssertionError unanswered) {
          // That instance is not answering now: the next read goes to another.
        }
      }
      if (!open.isEmpty()) {
        Thread.sleep(500);
      }
    }
    for (String execution : executions) {
      views.putIfAbsent(execution, null);
    }
    return views;
  }

  /**
   * What DRS's own record says is wrong with these executions of chains: each wave must have
   * exactly one job, launched once by one attempt (no duplicate), after its dependency's job ended;
   * and DRS must hold no job of anything else. Empty when all is right.
   */
  public static List<String> problems(GroundTruth truth, Collection<String> executions) {
    List<String> found = new ArrayList<>();
    for (String execution : executions) {
      for (String wave : WAVES) {
        List<Job> jobs = truth.jobsOf(execution, wave);
        if (jobs.size() != 1) {
          found.add(
              execution
                  + " wave "
                  + wave
                  + " has "
                  + jobs.size()
                  + " DRS jobs: "
                  + jobs.stream().map(Job::jobID).toList());
        }
      }
      found.addAll(truth.orderViolations(execution, CHAIN));
    }
    truth.duplicates().forEach(d -> found.add("duplicate launch: " + d));
    truth.wavesLaunchedByManyAttempts().forEach(w -> found.add("launched twice: " + w));
    truth.untagged().forEach(j -> found.add("job launched without tags: " + j));
    Set<String> known = Set.copyOf(executions);
    for (String execution : truth.executionIds()) {
      if (!known.contains(execution)) {
        found.add("DRS holds jobs of an execution nobody started: " + execution);
      }
    }
    return found;
  }

  /** The executions whose last view is not COMPLETED, with that view. */
  public static List<String> notCompleted(Map<String, JsonNode> views) {
    List<String> found = new ArrayList<>();
    views.forEach(
        (execution, view) -> {
          if (view == null || !"COMPLETED".equals(view.path("status").asText())) {
            found.add(execution + ": " + view);
          }
        });
    return found;
  }

  /** A task per index, {@value #IN_FLIGHT} at a time; the results in index order. */
  private static <T> List<T> inParallel(int count, Task<T> task) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(IN_FLIGHT);
    try {
      List<Future<T>> futures = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        int index = i;
        futures.add(pool.submit(() -> task.run(index)));
      }
      List<T> results = new ArrayList<>();
      for (Future<T> future : futures) {
        results.add(future.get());
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }

  private static final int IN_FLIGHT = 16;

  @FunctionalInterface
  private interface Task<T> {
    T run(int index) throws Exception;
  }
}
