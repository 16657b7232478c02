package io.drsorch.deploy.support;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.drsorch.deploy.client.PlanServiceClient;
import io.drsorch.deploy.client.ServerIds;
import io.drsorch.deploy.client.SimulatorAdmin;
import io.drsorch.deploy.e2e.LocalStack;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Plans and drills on a running stack: fresh servers, stored plans, executions run to their end.
 */
public final class Drills {

  public static final String REGION = "us-east-1";

  /** Execution statuses after which nothing changes any more. */
  public static final Set<String> TERMINAL =
      Set.of("COMPLETED", "FAILED", "CANCELLED", "TIMED_OUT", "REJECTED");

  private final PlanServiceClient plans;
  private final SimulatorAdmin simulator;

  public Drills(LocalStack stack) {
    this.plans = new PlanServiceClient(stack.planServiceUrl());
    this.simulator = new SimulatorAdmin(stack.simulatorUrl());
  }

  public PlanServiceClient plans() {
    return plans;
  }

  public SimulatorAdmin simulator() {
    return simulator;
  }

  /** Fresh servers, known to the simulator, {@code perWave} for each named wave. */
  public Map<String, List<String>> servers(int perWave, String... waves) {
    Map<String, List<String>> servers = new LinkedHashMap<>();
    for (String wave : waves) {
      List<String> ids = ServerIds.fresh(perWave);
      simulator.addSourceServers(REGION, ids);
      servers.put(wave, ids);
    }
    return servers;
  }

  /** Stores a plan of these waves and dependencies under a fresh id; returns the id. */
  public String plan(Map<String, List<String>> servers, Map<String, List<String>> deps) {
    String planId = "plan-" + UUID.randomUUID().toString().substring(0, 8);
    plans.putPlan(planId, planBody(planId, servers, deps)).expect(200, "store " + planId);
    return planId;
  }

  public static Map<String, Object> planBody(
      String planId, Map<String, List<String>> servers, Map<String, List<String>> deps) {
    List<Map<String, Object>> waves = new ArrayList<>();
    servers.forEach((id, ids) -> waves.add(wave(id, ids, deps.getOrDefault(id, List.of()))));
    return Map.of("name", planId, "waves", waves);
  }

  public static Map<String, Object> wave(String id, List<String> servers, List<String> deps) {
    return Map.of(
        "id", id, "name", id, "region", REGION, "sourceServerIds", servers, "dependsOn", deps);
  }

  public JsonNode runToEnd(String planId, Duration limit) {
    return awaitEnd(plans.startExecution(planId, "DRILL"), limit);
  }

  /** Polls the status view until the execution reaches a terminal status; returns that view. */
  public JsonNode awaitEnd(String executionId, Duration limit) {
    AtomicReference<JsonNode> last = new AtomicReference<>();
    await()
        .atMost(limit)
        .pollInterval(Duration.ofMillis(250))
        .until(
            () -> {
              plans.execution(executionId).ifPresent(last::set);
              JsonNode view = last.get();
              return view != null && TERMINAL.contains(view.path("status").asText());
            });
    return last.get();
  }

  public static JsonNode wave(JsonNode view, String waveId) {
    for (JsonNode wave : view.path("waves")) {
      if (wave.path("waveId").asText().equals(waveId)) {
        return wave;
      }
    }
    throw new AssertionError("no wave " + waveId + " in " + view);
  }
}
