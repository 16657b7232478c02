package io.drsorch.deploy.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.drsorch.avro.ExecutionRequested;
import io.drsorch.deploy.client.Json;
import io.drsorch.deploy.e2e.LocalStack;
import io.drsorch.deploy.support.Drills;
import io.drsorch.deploy.support.RawTopics;
import io.drsorch.schemas.registry.AvroSerde;
import io.drsorch.schemas.registry.SchemaRegistryClient;
import io.drsorch.schemas.topics.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.avro.Schema;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.drs.model.DescribeJobsRequest;
import software.amazon.awssdk.services.drs.model.Job;
import software.amazon.awssdk.services.drs.model.ParticipatingServer;

/**
 * The probes of an attacker on the same machine, each a regression test on the whole local stack:
 * none may stop the orchestrator, exhaust it, or change a plan silently.
 */
class HostileInputTest {

  @RegisterExtension
  static final LocalStack STACK =
      LocalStack.shared(
          "faults-stack", Map.of("SIM_PENDING_SECONDS", "0.5", "SIM_STARTED_SECONDS", "1"));

  private static final Duration LIMIT = Duration.ofSeconds(90);
  private static final String FOREIGN_ORIGIN = "http://attacker.example";
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private static Drills drills;
  private static RawTopics topics;
  private static SchemaRegistryClient registry;

  @BeforeAll
  static void connect() {
    drills = new Drills(STACK);
    topics = new RawTopics(STACK);
    registry = new SchemaRegistryClient(STACK.registryUrl());
  }

  @AfterAll
  static void disconnect() {
    topics.close();
  }

  @Test
  void givenA16000WaveRequestProducedToTheTopic_thenItIsRejectedAndTheNextDrillCompletes()
      throws Exception {
    // given: the record that once wedged the scheduler (admitted, then too large to store)
    String planId = "huge-" + UUID.randomUUID().toString().substring(0, 8);
    String executionId = UUID.randomUUID().toString();
    byte[] record =
        AvroSerde.forValues(registry, ExecutionRequested.class)
            .serialize(
                Topics.EXECUTION_REQUESTS.name(),
                HostilePlans.chainedRequest(planId, executionId, 16_000));
    System.out.printf("[hostile] 16,000-wave request: %,d bytes%n", record.length);

    // when
    topics.send(Topics.EXECUTION_REQUESTS.name(), planId, record);

    // then: rejected with the reason, and the scheduler goes on admitting executions
    JsonNode rejected = drills.awaitEnd(executionId, LIMIT);
    assertThat(rejected.path("status").asText()).as("view").isEqualTo("REJECTED");
    assertThat(rejected.path("reason").asText()).contains("200");
    Map<String, List<String>> servers = drills.servers(1, "db", "app");
    JsonNode next = drills.runToEnd(drills.plan(servers, Map.of("app", List.of("db"))), LIMIT);
    assertThat(next.path("status").asText()).as("view %s", next).isEqualTo("COMPLETED");
  }

  @Test
  void givenAnExecutionRequestAsTextPlainOrFromAForeignOrigin_thenItIsRefusedAndNothingLaunches()
      throws Exception {
    // given
    Map<String, List<String>> servers = drills.servers(1, "db");
    String planId = drills.plan(servers, Map.of());
    String url = STACK.planServiceUrl() + "/plans/" + planId + "/executions";
    String body = "{\"mode\": \"DRILL\"}";

    // when: what a web page may send without a preflight, and a JSON request from another origin
    HttpResponse<String> plain = send("POST", url, "text/plain", body, Map.of());
    HttpResponse<String> form =
        send("POST", url, "application/x-www-form-urlencoded", body, Map.of());
    HttpResponse<String> foreign =
        send("POST", url, "application/json", body, Map.of("Origin", FOREIGN_ORIGIN));
    HttpResponse<String> preflight =
        send(
            "OPTIONS",
            url,
            null,
            null,
            Map.of("Origin", FOREIGN_ORIGIN, "Access-Control-Request-Method", "POST"));

    // then
    assertThat(plain.statusCode()).as("text/plain: %s", plain.body()).isEqualTo(415);
    assertThat(form.statusCode()).as("form: %s", form.body()).isEqualTo(415);
    assertThat(foreign.statusCode()).as("foreign origin: %s", foreign.body()).isEqualTo(403);
    assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin"))
        .as("preflight permission")
        .isEmpty();
    Thread.sleep(3_000); // what a launch would take to reach DRS on this stack, several times over
    JsonNode executions =
        Json.send("GET", STACK.planServiceUrl() + "/executions?planId=" + planId, null).body();
    assertThat(executions).as("executions of %s", planId).isEmpty();
    assertThat(jobsOf(servers.get("db"))).as("DRS jobs of the plan's servers").isEmpty();
  }

  @Test
  void givenARequestedByHeader_thenTheAuditTrailDoesNotTakeIt() throws Exception {
    // given
    String planId = drills.plan(drills.servers(1, "db"), Map.of());

    // when
    HttpResponse<String> started =
        send(
            "POST",
            STACK.planServiceUrl() + "/plans/" + planId + "/executions",
            "application/json",
            "{\"mode\": \"DRILL\"}",
            Map.of("X-Requested-By", "someone-else"));

    // then
    assertThat(started.statusCode()).as("start: %s", started.body()).isEqualTo(202);
    String executionId = Json.MAPPER.readTree(started.body()).path("executionId").asText();
    JsonNode view = drills.awaitEnd(executionId, LIMIT);
    assertThat(view.path("requestedBy").asText()).isNotBlank().isNotEqualTo("someone-else");
  }

  @Test
  void givenDenseCyclePlans_thenEachAnswersABounded400AndSixteenAtOnceLeaveTheServiceHealthy()
      throws Exception {
    // given: 16 plans of about 1 MB each, every wave depending on every other one
    List<String> bodies = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      bodies.add(Json.MAPPER.writeValueAsString(HostilePlans.denseCyclePlan("dense-" + i)));
    }
    System.out.printf("[hostile] dense-cycle plan: %,d bytes%n", bodies.get(0).length());

    // when: all at once
    List<HttpResponse<String>> answers = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      List<Future<HttpResponse<String>>> sent = new ArrayList<>();
      for (int i = 0; i < bodies.size(); i++) {
        String url = STACK.planServiceUrl() + "/plans/dense-" + i;
        String body = bodies.get(i);
        sent.add(pool.submit(() -> send("PUT", url, "application/json", body, Map.of())));
      }
      for (Future<HttpResponse<String>> answer : sent) {
        answers.add(answer.get());
      }
    } finally {
      pool.shutdownNow();
    }

    // then: each a 400 listing a bounded number of errors, and the service healthy after them
    for (HttpResponse<String> answer : answers) {
      assertThat(answer.statusCode()).as("answer %s", abbreviated(answer.body())).isEqualTo(400);
      int size = answer.body().getBytes(StandardCharsets.UTF_8).length;
      assertThat(size).as("answer size").isLessThan(64 * 1024);
      JsonNode errors = Json.MAPPER.readTree(answer.body()).path("errors");
      assertThat(errors.size()).isBetween(1, 101);
      assertThat(answer.body()).contains("cycle");
    }
    System.out.printf(
        "[hostile] 16 dense-cycle answers: largest %,d bytes%n",
        answers.stream().mapToInt(a -> a.body().length()).max().orElse(0));
    assertThat(
            send("GET", STACK.planServiceUrl() + "/q/health/ready", null, null, Map.of())
                .statusCode())
        .isEqualTo(200);
    Map<String, List<String>> servers = drills.servers(1, "db");
    assertThat(drills.runToEnd(drills.plan(servers, Map.of()), LIMIT).path("status").asText())
        .isEqualTo("COMPLETED");
  }

  @Test
  void givenEightSlowConnectionsOnEachHttpPort_thenItsHealthAnswersWithinASecond()
      throws Exception {
    Map<String, String> health = new LinkedHashMap<>();
    health.put("http://127.0.0.1:" + STACK.port("PLAN_SERVICE_PORT"), "/q/health/ready");
    health.put("http://127.0.0.1:" + STACK.port("SCHEDULER_PORT"), "/q/health/ready");
    health.put("http://127.0.0.1:" + STACK.port("LAUNCHER_PORT"), "/q/health/ready");
    health.put("http://127.0.0.1:" + STACK.port("WATCHER_PORT"), "/q/health/ready");
    health.put("http://127.0.0.1:" + STACK.port("SIMULATOR_PORT"), "/_sim/health");
    health.put("http://127.0.0.1:" + STACK.port("REGISTRY_PORT"), "/apis/ccompat/v7/subjects");
    for (Map.Entry<String, String> service : health.entrySet()) {
      int port = URI.create(service.getKey()).getPort();
      // given: 8 connections that each sent one byte of a request and then nothing
      try (SlowClients slow = SlowClients.open(port, 8)) {
        // when / then: the health endpoint still answers, within a second, several times
        for (int i = 0; i < 3; i++) {
          long t0 = System.nanoTime();
          HttpResponse<String> answer =
              HTTP.send(
                  HttpRequest.newBuilder(URI.create(service.getKey() + service.getValue()))
                      .timeout(Duration.ofSeconds(1))
                      .GET()
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
          double ms = (System.nanoTime() - t0) / 1e6;
          assertThat(answer.statusCode()).as("%s with 8 slow clients", service).isEqualTo(200);
          System.out.printf("[hostile] %s with 8 slow clients: %.0f ms%n", service.getKey(), ms);
        }
      }
    }
  }

  @Test
  void givenDuplicateKeysInJsonOrYaml_thenA400NamesThePath() throws Exception {
    // given: the app wave's dependency on db written, then overwritten by an empty list
    Map<String, List<String>> servers = drills.servers(1, "db", "app");
    String json =
        "{\"name\": \"dup\", \"waves\": ["
            + "{\"id\": \"db\", \"name\": \"db\", \"region\": \"us-east-1\", \"sourceServerIds\": [\""
            + servers.get("db").get(0)
            + "\"], \"dependsOn\": []},"
            + "{\"id\": \"app\", \"name\": \"app\", \"region\": \"us-east-1\", \"sourceServerIds\": [\""
            + servers.get("app").get(0)
            + "\"], \"dependsOn\": [\"db\"], \"dependsOn\": []}]}";
    String yaml =
        "name: dup\nwaves:\n"
            + "  - id: db\n    name: db\n    region: us-east-1\n    sourceServerIds: ["
            + servers.get("db").get(0)
            + "]\n    dependsOn: []\n"
            + "  - id: app\n    name: app\n    region: us-east-1\n    sourceServerIds: ["
            + servers.get("app").get(0)
            + "]\n    dependsOn: [db]\n    dependsOn: []\n";

    // when
    String planId = "dup-" + UUID.randomUUID().toString().substring(0, 8);
    String url = STACK.planServiceUrl() + "/plans/" + planId;
    HttpResponse<String> fromJson = send("PUT", url, "application/json", json, Map.of());
    HttpResponse<String> fromYaml = send("PUT", url, "application/yaml", yaml, Map.of());

    // then: refused, naming the duplicated field, and nothing stored
    for (HttpResponse<String> answer : List.of(fromJson, fromYaml)) {
      assertThat(answer.statusCode()).as("answer %s", answer.body()).isEqualTo(400);
      JsonNode errors = Json.MAPPER.readTree(answer.body()).path("errors");
      assertThat(errors.get(0).path("path").asText()).isEqualTo("waves[1].dependsOn");
    }
    assertThat(send("GET", url, null, null, Map.of()).statusCode()).isEqualTo(404);
  }

  @Test
  void givenAPlanIdWithASemicolon_thenItIsRefusedAndNothingIsStoredUnderItsPrefix()
      throws Exception {
    // given
    String prefix = "semi-" + UUID.randomUUID().toString().substring(0, 8);
    Map<String, Object> plan = Drills.planBody(prefix, drills.servers(1, "db"), Map.of());

    // when
    HttpResponse<String> answer =
        send(
            "PUT",
            STACK.planServiceUrl() + "/plans/" + prefix + ";b",
            "application/json",
            Json.MAPPER.writeValueAsString(plan),
            Map.of());

    // then
    assertThat(answer.statusCode()).as("answer %s", answer.body()).isEqualTo(400);
    assertThat(
            send("GET", STACK.planServiceUrl() + "/plans/" + prefix, null, null, Map.of())
                .statusCode())
        .isEqualTo(404);
  }

  @Test
  void givenAnIncompatibleSchemaForTheRequestsSubject_thenTheRegistryRefusesIt() {
    // given: a schema none of our readers could read a record of
    Schema hostile =
        new Schema.Parser()
            .parse(
                "{\"type\":\"record\",\"name\":\"ExecutionRequested\",\"namespace\":\"io.drsorch.avro\","
                    + "\"fields\":[{\"name\":\"takeover\",\"type\":\"string\"}]}");

    // when / then
    assertThatThrownBy(() -> registry.register("drs.execution-requests-value", hostile))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("409");
    assertThat(registry.compatibility("drs.execution-requests-value")).isEqualTo("BACKWARD");
  }

  @Test
  void givenTheStack_thenNoComponentListensOnANonLoopbackAddress() throws Exception {
    Map<String, List<Listeners.Listener>> byComponent = new LinkedHashMap<>();
    for (String component : LocalStack.COMPONENTS) {
      long pid = STACK.pid(component).orElseThrow();
      byComponent.put(component, Listeners.of(pid));
    }
    System.out.printf("[hostile] listeners: %s%n", byComponent);
    assertThat(byComponent)
        .allSatisfy(
            (component, listeners) -> {
              assertThat(listeners).as("listeners of %s", component).isNotEmpty();
              assertThat(listeners)
                  .as("listeners of %s", component)
                  .allMatch(Listeners.Listener::isLoopback);
            });
  }

  private static List<Job> jobsOf(List<String> servers) {
    Set<String> wanted = Set.copyOf(servers);
    List<Job> jobs = new ArrayList<>();
    STACK
        .drs()
        .describeJobsPaginator(DescribeJobsRequest.builder().build())
        .items()
        .forEach(
            job -> {
              for (ParticipatingServer server : job.participatingServers()) {
                if (wanted.contains(server.sourceServerID())) {
                  jobs.add(job);
                  return;
                }
              }
            });
    return jobs;
  }

  private static HttpResponse<String> send(
      String method, String url, String contentType, String body, Map<String, String> headers)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofSeconds(60))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    headers.forEach(request::header);
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String abbreviated(String text) {
    return text.length() <= 500 ? text : text.substring(0, 500) + "...";
  }
}
