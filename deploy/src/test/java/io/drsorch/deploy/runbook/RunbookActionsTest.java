package io.drsorch.deploy.runbook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.drsorch.deploy.e2e.LocalStack;
import io.drsorch.deploy.support.Drills;
import io.drsorch.deploy.support.SimulatorJobs;
import io.drsorch.drctl.cli.Captured;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.drs.DrsClient;
import software.amazon.awssdk.services.drs.model.Job;

/**
 * Runbook actions end to end on the local stack: an SSM automation after the database wave holds
 * the application wave until it succeeded, fails the database wave (and skips the application) when
 * it fails, or lets it go on when it may; an HTTP health check holds a wave until the endpoint
 * answers 200. Every execution of the class passes the audit's replay.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RunbookActionsTest {

  /** The stack the fault, hostile-input, operator and lifecycle tests run on, started once. */
  @RegisterExtension
  static final LocalStack STACK =
      LocalStack.shared(
          "faults-stack", Map.of("SIM_PENDING_SECONDS", "0.5", "SIM_STARTED_SECONDS", "1"));

  private static final Duration LIMIT = Duration.ofSeconds(90);
  private static final List<String> EXECUTIONS = new CopyOnWriteArrayList<>();

  private static Drills drills;
  private static DrsClient drs;
  private static HttpServer health;

  /** What the health endpoint answers, in turn; the last answer repeats. */
  private static final List<Integer> ANSWERS = new CopyOnWriteArrayList<>();

  private static final AtomicInteger ASKED = new AtomicInteger();
  private static final AtomicReference<Instant> FIRST_OK = new AtomicReference<>();

  @BeforeAll
  static void connect() throws IOException {
    drills = new Drills(STACK);
    drs = STACK.drs();
    health = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    health.createContext(
        "/health",
        exchange -> {
          int n = ASKED.getAndIncrement();
          int status = ANSWERS.get(Math.min(n, ANSWERS.size() - 1));
          if (status == 200) {
            FIRST_OK.compareAndSet(null, Instant.now());
          }
          byte[] body = (status == 200 ? "ok" : "starting").getBytes();
          exchange.sendResponseHeaders(status, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    health.start();
  }

  @AfterAll
  static void stopEndpoint() {
    if (health != null) {
      health.stop(0);
    }
  }

  @Order(1)
  @Test
  void givenDbWithAnAfterAutomationOfTwoSeconds_thenAppsJobIsCreatedOnlyAfterItSucceeded() {
    // given: db runs an automation over its recovery instances once they launched
    String document = document("Success", 2, null);
    Map<String, List<String>> servers = drills.servers(2, "db", "app");
    String planId = store(servers, Map.of("db", List.of(automation("db-ready", document, null))));

    // when
    JsonNode view = run(planId);

    // then: app was launched after the automation ended, never before
    assertThat(view.path("status").asText()).as(view.toString()).isEqualTo("COMPLETED");
    String executionId = view.path("executionId").asText();
    JsonNode automation = onlyAutomationOf(document);
    assertThat(automation.path("status").asText()).isEqualTo("Success");
    Instant automationStarted = Instant.parse(automation.path("startedAt").asText());
    Instant automationEnded = Instant.parse(automation.path("endedAt").asText());
    assertThat(Duration.between(automationStarted, automationEnded))
        .isGreaterThanOrEqualTo(Duration.ofSeconds(2));
    SimulatorJobs jobs = SimulatorJobs.read(drs);
    List<Job> dbJobs = jobs.of(executionId, "db");
    List<Job> appJobs = jobs.of(executionId, "app");
    assertThat(appJobs).isNotEmpty();
    assertThat(SimulatorJobs.lastEnded(dbJobs)).isBeforeOrEqualTo(automationStarted);
    assertThat(SimulatorJobs.firstCreated(appJobs))
        .as("app's job is created only after the automation ended Success")
        .isAfterOrEqualTo(automationEnded);

    // and: the automation was given db's recovery instances and the execution id
    JsonNode db = Drills.wave(view, "db");
    List<String> instances = new ArrayList<>();
    db.path("servers").forEach(s -> instances.add(s.path("recoveryInstanceId").asText()));
    assertThat(strings(automation.path("parameters").path("InstanceIds")))
        .containsExactlyInAnyOrderElementsOf(instances);
    assertThat(strings(automation.path("parameters").path("Execution")))
        .containsExactly(executionId);

    // and: the view shows the action as a step of db
    JsonNode action = db.path("actions").get(0);
    assertThat(action.path("name").asText()).isEqualTo("db-ready");
    assertThat(action.path("phase").asText()).isEqualTo("AFTER");
    assertThat(action.path("status").asText()).isEqualTo("SUCCEEDED");
    assertThat(action.path("automationExecutionId").asText())
        .isEqualTo(automation.path("id").asText());
    assertThat(action.path("startedAt").isNull()).isFalse();
    assertThat(action.path("endedAt").isNull()).isFalse();
  }

  @Order(2)
  @Test
  void givenTheAutomationFails_thenDbFailsNamingTheActionAndItsReason_andAppIsSkipped() {
    String message = "Step checkDb failed: connection refused on 5432";
    String document = document("Failed", 1, message);
    Map<String, List<String>> servers = drills.servers(1, "db", "app");
    String planId = store(servers, Map.of("db", List.of(automation("db-ready", document, null))));

    JsonNode view = run(planId);

    assertThat(view.path("status").asText()).isEqualTo("FAILED");
    JsonNode db = Drills.wave(view, "db");
    assertThat(db.path("status").asText()).isEqualTo("FAILED");
    assertThat(db.path("reason").asText())
        .isEqualTo("after action 'db-ready' (SSM_AUTOMATION) failed: " + message);
    assertThat(db.path("actions").get(0).path("status").asText()).isEqualTo("FAILED");
    assertThat(db.path("actions").get(0).path("reason").asText()).isEqualTo(message);
    assertThat(Drills.wave(view, "app").path("status").asText()).isEqualTo("SKIPPED");
    assertThat(SimulatorJobs.read(drs).of(view.path("executionId").asText(), "app"))
        .as("a skipped wave is never launched")
        .isEmpty();
  }

  @Order(3)
  @Test
  void givenAFailingAutomationThatMayContinue_thenAppRuns_andTheViewRecordsTheFailure() {
    String document = document("Failed", 1, "cache warm-up failed");
    Map<String, List<String>> servers = drills.servers(1, "db", "app");
    String planId =
        store(servers, Map.of("db", List.of(automation("warm-cache", document, "CONTINUE"))));

    JsonNode view = run(planId);

    assertThat(view.path("status").asText()).isEqualTo("COMPLETED");
    JsonNode action = Drills.wave(view, "db").path("actions").get(0);
    assertThat(action.path("status").asText()).isEqualTo("FAILED");
    assertThat(action.path("continued").asBoolean()).isTrue();
    assertThat(action.path("reason").asText()).isEqualTo("cache warm-up failed");
    assertThat(Drills.wave(view, "app").path("status").asText()).isEqualTo("COMPLETED");
  }

  @Order(4)
  @Test
  void givenAnHttpCheckAnswering503ThreeTimesThen200_thenTheWaveIsHeldUntilThe200() {
    // given
    ANSWERS.addAll(List.of(503, 503, 503, 200));
    String url = "http://127.0.0.1:" + health.getAddress().getPort() + "/health";
    Map<String, Object> check = new LinkedHashMap<>();
    check.put("name", "db-health");
    check.put("type", "HTTP_CHECK");
    check.put("url", url);
    check.put("intervalSeconds", 1);
    check.put("timeoutMinutes", 2);
    Map<String, List<String>> servers = drills.servers(1, "db", "app");
    String planId = store(servers, Map.of("db", List.of(check)));

    // when
    JsonNode view = run(planId);

    // then
    assertThat(view.path("status").asText()).isEqualTo("COMPLETED");
    assertThat(ASKED.get()).as("asked until it answered 200, then no more").isEqualTo(4);
    JsonNode action = Drills.wave(view, "db").path("actions").get(0);
    assertThat(action.path("status").asText()).isEqualTo("SUCCEEDED");
    assertThat(action.path("lastHttpStatus").asInt()).isEqualTo(200);
    List<Job> appJobs = SimulatorJobs.read(drs).of(view.path("executionId").asText(), "app");
    assertThat(SimulatorJobs.firstCreated(appJobs))
        .as("app launched only after the endpoint answered 200")
        .isAfter(FIRST_OK.get());
  }

  @Order(9)
  @Test
  void givenEveryExecutionOfThisClass_whenAudited_thenEachReplayVerifies() {
    assertThat(EXECUTIONS).hasSizeGreaterThanOrEqualTo(4);
    for (String executionId : EXECUTIONS) {
      Captured verdict =
          Captured.run(
              "audit",
              executionId,
              "--bootstrap-server",
              STACK.bootstrapServers(),
              "--schema-registry",
              STACK.registryUrl(),
              "--verify",
              "--quiet");
      assertThat(verdict.code()).as(executionId + ": " + verdict.out() + verdict.err()).isZero();
    }
  }

  /** A fresh automation document of the simulator that ends so after {@code seconds}. */
  private static String document(String outcome, double seconds, String failureMessage) {
    String name = "Runbook-" + UUID.randomUUID().toString().substring(0, 8);
    drills.simulator().defineAutomationDocument(name, outcome, seconds, failureMessage);
    return name;
  }

  private static Map<String, Object> automation(String name, String document, String onFailure) {
    Map<String, Object> action = new LinkedHashMap<>();
    action.put("name", name);
    action.put("type", "SSM_AUTOMATION");
    action.put("documentName", document);
    action.put("timeoutMinutes", 2);
    action.put(
        "parameters",
        Map.of(
            "InstanceIds", List.of("{{recoveryInstanceIds}}"),
            "Execution", List.of("{{executionId}}")));
    if (onFailure != null) {
      action.put("onFailure", onFailure);
    }
    return action;
  }

  private static JsonNode onlyAutomationOf(String document) {
    List<JsonNode> started =
        drills.simulator().automationExecutions().stream()
            .filter(e -> e.path("documentName").asText().equals(document))
            .toList();
    assertThat(started).as("automations of " + document).hasSize(1);
    return started.get(0);
  }

  private static JsonNode run(String planId) {
    String executionId = drills.plans().startExecution(planId, "DRILL");
    EXECUTIONS.add(executionId);
    return drills.awaitEnd(executionId, LIMIT);
  }

  /** A plan of db then app; {@code after} lists the after actions of each wave. */
  private static String store(
      Map<String, List<String>> servers, Map<String, List<Map<String, Object>>> after) {
    String planId = "plan-" + UUID.randomUUID().toString().substring(0, 8);
    List<Map<String, Object>> waves = new ArrayList<>();
    servers.forEach(
        (id, ids) -> {
          Map<String, Object> wave =
              new LinkedHashMap<>(
                  Drills.wave(id, ids, id.equals("app") ? List.of("db") : List.of()));
          wave.put("after", after.getOrDefault(id, List.of()));
          waves.add(wave);
        });
    drills
        .plans()
        .putPlan(planId, Map.of("name", planId, "waves", waves))
        .expect(200, "store " + planId);
    return planId;
  }

  private static List<String> strings(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(v -> values.add(v.asText()));
    return values;
  }
}
