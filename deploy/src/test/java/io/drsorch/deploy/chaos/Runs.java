package io.drsorch.deploy.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import io.drsorch.deploy.client.Json;
import io.drsorch.deploy.client.SimulatorAdmin;
import io.drsorch.deploy.support.Drills;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.IntFunction;

/**
 * The executions a chaos run started, started the way a careful client would while the plan-service
 * comes and goes: a plan PUT is retried until stored; a POST counts as acknowledged only when it
 * answered 202. A POST that got no answer (or another one) may still have started an execution, so
 * it is never retried on the same plan: the next try uses a fresh plan with fresh servers, so two
 * executions can never compete for the same servers.
 */
final class Runs {

  /** One start of a plan: acknowledged (with its id) or not, and its last status view. */
  static final class Run {
    private final String planId;
    private final String executionId;
    private final RandomDag dag;
    private final Map<String, List<String>> servers;
    private volatile JsonNode view;

    Run(String planId, String executionId, RandomDag dag, Map<String, List<String>> servers) {
      this.planId = planId;
      this.executionId = executionId;
      this.dag = dag;
      this.servers = servers;
    }

    String planId() {
      return planId;
    }

    String executionId() {
      return executionId;
    }

    RandomDag dag() {
      return dag;
    }

    /** The source servers this start bound to each wave. */
    Map<String, List<String>> servers() {
      return servers;
    }

    JsonNode view() {
      return view;
    }

    boolean ended() {
      return view != null && Drills.TERMINAL.contains(view.path("status").asText());
    }
  }

  private final String baseUrl;
  private final SimulatorAdmin simulator;
  private final List<Run> acknowledged = new ArrayList<>();
  private final List<Run> unacknowledged = new ArrayList<>();

  Runs(String planServiceUrl, SimulatorAdmin simulator) {
    this.baseUrl = planServiceUrl;
    this.simulator = simulator;
  }

  List<Run> acknowledged() {
    return List.copyOf(acknowledged);
  }

  List<Run> unacknowledged() {
    return List.copyOf(unacknowledged);
  }

  /** Starts one execution of a fresh plan shaped like {@code dag}, until a POST answers 202. */
  void start(String name, RandomDag dag, IntFunction<List<String>> freshServers, Duration limit)
      throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    for (int attempt = 0; ; attempt++) {
      String planId = name + "-" + attempt + "-" + UUID.randomUUID().toString().substring(0, 4);
      RandomDag.Bound bound =
          dag.bind(
              n -> {
                List<String> ids = freshServers.apply(n);
                simulator.addSourceServers(Drills.REGION, ids);
                return ids;
              });
      bound.failingServers().forEach(simulator::failNextLaunch);
      storePlan(planId, dag.planBody(planId, bound.servers()), deadline);
      Json.Answer answer = post(baseUrl + "/plans/" + planId + "/executions");
      if (answer != null && answer.status() == 202) {
        acknowledged.add(
            new Run(planId, answer.body().path("executionId").asText(), dag, bound.servers()));
        return;
      }
      System.out.printf(
          "[chaos] start of %s not acknowledged (%s): next try on a fresh plan%n",
          planId, answer == null ? "no answer" : "HTTP " + answer.status());
      unacknowledged.add(new Run(planId, null, dag, bound.servers()));
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("could not start " + name + " within " + limit);
      }
      Thread.sleep(1_000); // backoff while the plan-service is down
    }
  }

  private void storePlan(String planId, Object body, long deadline) throws InterruptedException {
    while (true) {
      Json.Answer answer;
      try {
        answer = Json.send("PUT", baseUrl + "/plans/" + planId, body);
      } catch (IllegalStateException noAnswer) {
        answer = null;
      }
      if (answer != null && answer.status() == 200) {
        return;
      }
      if (answer != null && answer.status() == 400) {
        throw new IllegalStateException("plan " + planId + " refused: " + answer.body());
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("could not store " + planId + ": " + answer);
      }
      Thread.sleep(1_000); // backoff while the plan-service is down
    }
  }

  private static Json.Answer post(String url) {
    try {
      return Json.send("POST", url, Map.of("mode", "DRILL"));
    } catch (IllegalStateException noAnswer) {
      return null;
    }
  }

  /** Reads the status view of every acknowledged execution that has not ended yet. */
  void refresh() {
    for (Run run : acknowledged) {
      if (run.ended()) {
        continue;
      }
      try {
        Json.Answer answer = Json.send("GET", baseUrl + "/executions/" + run.executionId(), null);
        if (answer.status() == 200) {
          run.view = answer.body();
        }
      } catch (IllegalStateException down) {
        // The plan-service is down: read again next time.
      }
    }
  }

  /** Waits until fewer than {@code maxRunning} run and their widths leave {@code widthLeft}. */
  void awaitRoom(int maxRunning, int widthLeft, Duration limit) throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (true) {
      refresh();
      List<Run> running = acknowledged.stream().filter(r -> !r.ended()).toList();
      int width = running.stream().mapToInt(r -> r.dag().width()).sum();
      if (running.size() < maxRunning && width <= widthLeft) {
        return;
      }
      if (System.nanoTime() > deadline) {
        System.out.printf(
            "[chaos] still %d running after %s: starting anyway%n", running.size(), limit);
        return;
      }
      Thread.sleep(500);
    }
  }

  /** Polls until every acknowledged execution has ended or the time is up. */
  void awaitAllEnded(Duration limit) throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (System.nanoTime() < deadline) {
      refresh();
      if (acknowledged.stream().allMatch(Run::ended)) {
        return;
      }
      Thread.sleep(500);
    }
  }

  /** Executions that unacknowledged starts did create after all, found by their plan. */
  List<Run> startedOrphans() {
    List<Run> found = new ArrayList<>();
    for (Run run : unacknowledged) {
      try {
        Json.Answer answer = Json.send("GET", baseUrl + "/executions?planId=" + run.planId(), null);
        if (answer.status() == 200 && answer.body() != null) {
          for (JsonNode view : answer.body()) {
            found.add(
                new Run(run.planId(), view.path("executionId").asText(), run.dag(), run.servers()));
          }
        }
      } catch (IllegalStateException down) {
        // Best effort: only for extra order checks.
      }
    }
    return found;
  }
}
