package io.drsorch.deploy.demo;

import com.fasterxml.jackson.databind.JsonNode;
import io.drsorch.deploy.client.PlanServiceClient;
import io.drsorch.deploy.client.ServerIds;
import io.drsorch.deploy.client.SimulatorAdmin;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The demo of {@code deploy/local/stack demo}: a three-tier plan (db, then app, then web; two
 * servers each) run as a drill against the DRS simulator, shown live until it ends, then a per-wave
 * summary. Fresh server ids each run, so runs never collide with earlier ones.
 *
 * <p>Arguments: plan-service URL, simulator URL. Exit code 0 when the drill completed.
 */
public final class DemoDrill {

  static final String PLAN_ID = "demo-three-tier";
  private static final String REGION = "us-east-1";
  private static final Duration POLL = Duration.ofMillis(250);
  private static final Duration LIMIT = Duration.ofMinutes(10);

  public static void main(String[] args) throws InterruptedException {
    PrintStream out = System.out;
    PlanServiceClient plans =
        new PlanServiceClient(args.length > 0 ? args[0] : "http://127.0.0.1:8080");
    SimulatorAdmin simulator =
        new SimulatorAdmin(args.length > 1 ? args[1] : "http://127.0.0.1:8090");

    List<String> servers = ServerIds.fresh(6);
    simulator.addSourceServers(REGION, servers);
    plans.putPlan(PLAN_ID, plan(servers)).expect(200, "store the demo plan");
    out.println("plan " + PLAN_ID + ": db -> app -> web, 2 servers each, " + REGION);

    String executionId = plans.startExecution(PLAN_ID, "DRILL");
    out.println("drill requested: execution " + executionId);

    JsonNode last = follow(plans, executionId, out);
    ExecutionView.summary(last).forEach(out::println);
    System.exit("COMPLETED".equals(last.path("status").asText()) ? 0 : 1);
  }

  static Map<String, Object> plan(List<String> servers) {
    return Map.of(
        "name",
        "Three-tier application (demo)",
        "waves",
        List.of(
            wave("db", "Database", servers.subList(0, 2), List.of()),
            wave("app", "Application", servers.subList(2, 4), List.of("db")),
            wave("web", "Web tier", servers.subList(4, 6), List.of("app"))));
  }

  private static Map<String, Object> wave(
      String id, String name, List<String> servers, List<String> dependsOn) {
    return Map.of(
        "id",
        id,
        "name",
        name,
        "region",
        REGION,
        "sourceServerIds",
        servers,
        "dependsOn",
        dependsOn);
  }

  /** Polls the status view and redraws it in place on a terminal, or prints changes otherwise. */
  private static JsonNode follow(PlanServiceClient plans, String executionId, PrintStream out)
      throws InterruptedException {
    boolean terminal = System.console() != null;
    Instant deadline = Instant.now().plus(LIMIT);
    List<String> previous = List.of();
    while (Instant.now().isBefore(deadline)) {
      Optional<JsonNode> view = plans.execution(executionId);
      if (view.isPresent()) {
        List<String> lines = ExecutionView.liveLines(view.get(), Instant.now());
        if (terminal) {
          if (!previous.isEmpty()) {
            out.print("\u001b[" + previous.size() + "F\u001b[J");
          }
          lines.forEach(out::println);
        } else if (!withoutTimes(lines).equals(withoutTimes(previous))) {
          out.println("[" + Instant.now() + "]");
          lines.forEach(out::println);
        }
        previous = lines;
        if (ExecutionView.isTerminal(view.get())) {
          return view.get();
        }
      }
      Thread.sleep(POLL.toMillis());
    }
    throw new IllegalStateException("drill " + executionId + " did not end within " + LIMIT);
  }

  private static List<String> withoutTimes(List<String> lines) {
    return lines.stream().map(l -> l.replaceAll("[0-9]+\\.[0-9] s", "")).toList();
  }

  private DemoDrill() {}
}
