package io.drsorch.plans.plans;

import static io.drsorch.plans.Json.plan;
import static io.drsorch.plans.Json.server;
import static io.drsorch.plans.Json.uniqueId;
import static io.drsorch.plans.Json.wave;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.drsorch.plans.KafkaTestResource;
import io.drsorch.schemas.limits.PlanLimits;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Sixteen plans of about 1 MB each, built to be expensive to read and to check, PUT at once: each
 * is refused with a short answer, and the service stays healthy and serves the next plan.
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
class HostilePlansLoadTest {

  private static final int REQUESTS = 16;
  private static final int BODY_LIMIT = 1024 * 1024;
  private static final int ANSWER_LIMIT = 64 * 1024;
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Ids of 20 characters: long enough to make 200 × 199 dependencies about 1 MB. */
  private static String id(int n) {
    String id = "w" + n + "-";
    return id + "x".repeat(20 - id.length());
  }

  /**
   * 200 waves, each depending on the 199 others: every dependency closes a cycle, and there are 40
   * times as many as a plan may have.
   */
  static String dense() {
    StringBuilder body = new StringBuilder("{\"name\": \"Dense\", \"waves\": [");
    for (int i = 0; i < PlanLimits.MAX_WAVES; i++) {
      body.append(i == 0 ? "" : ", ")
          .append("{\"id\": \"")
          .append(id(i))
          .append("\", \"region\": \"us-east-1\", \"sourceServerIds\": [\"")
          .append(server(900_000 + i))
          .append("\"], \"dependsOn\": [");
      int listed = 0;
      for (int j = 0; j < PlanLimits.MAX_WAVES; j++) {
        if (j != i) {
          body.append(listed++ == 0 ? "\"" : ", \"").append(id(j)).append('"');
        }
      }
      body.append("]}");
    }
    return body.append("]}").toString();
  }

  /** 5000 server ids of 200 characters, none well-formed: 5000 errors. */
  static String malformedServers() {
    StringBuilder body = new StringBuilder("{\"name\": \"Servers\", \"waves\": [");
    for (int w = 0; w < PlanLimits.MAX_WAVES; w++) {
      body.append(w == 0 ? "" : ", ")
          .append("{\"id\": \"w")
          .append(w)
          .append("\", \"region\": \"us-east-1\", \"sourceServerIds\": [");
      for (int s = 0; s < PlanLimits.MAX_SERVERS / PlanLimits.MAX_WAVES; s++) {
        body.append(s == 0 ? "\"" : ",\"")
            .append(String.format("x-%06d-%06d-", w, s))
            .append("y".repeat(184))
            .append('"');
      }
      body.append("]}");
    }
    return body.append("]}").toString();
  }

  /**
   * As much as a plan may hold (200 waves of 256-character names, 25 servers and 5 dependencies
   * each), every wave listing the same 25 servers (4,975 errors) and the dependencies running in a
   * ring (cycles); padded to about 1 MB with whitespace.
   */
  static String fullAndWrong() {
    StringBuilder body = new StringBuilder("{\"name\": \"Full\", \"waves\": [");
    int servers = PlanLimits.MAX_SERVERS / PlanLimits.MAX_WAVES;
    int dependencies = PlanLimits.MAX_DEPENDENCIES / PlanLimits.MAX_WAVES;
    for (int i = 0; i < PlanLimits.MAX_WAVES; i++) {
      body.append(i == 0 ? "" : ", ")
          .append("{\"id\": \"")
          .append(id(i))
          .append("\", \"name\": \"")
          .append("n".repeat(PlanLimits.MAX_NAME_LENGTH))
          .append("\", \"region\": \"us-east-1\", \"sourceServerIds\": [");
      for (int s = 0; s < servers; s++) {
        body.append(s == 0 ? "\"" : ", \"").append(server(s)).append('"');
      }
      body.append("], \"dependsOn\": [");
      for (int d = 1; d <= dependencies; d++) {
        body.append(d == 1 ? "\"" : ", \"").append(id((i + d) % PlanLimits.MAX_WAVES)).append('"');
      }
      body.append("]}");
    }
    body.append("]");
    body.append(" ".repeat(1_000_000 - body.length()));
    return body.append("}").toString();
  }

  private record Answer(int status, int bytes, int errors, boolean namesACycle, long millis) {}

  @Test
  void givenSixteenHostilePlansPutAtOnce_thenEachRefusedBrieflyAndTheServiceStaysHealthy()
      throws Exception {
    // given
    List<String> bodies = List.of(dense(), malformedServers(), fullAndWrong());
    for (String body : bodies) {
      int size = body.getBytes(StandardCharsets.UTF_8).length;
      assertThat(size).as("body size").isBetween(900_000, BODY_LIMIT);
    }
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    for (String body : bodies) {
      // one at a time first: what each costs alone, and the code paths compiled
      Answer alone = put(http, uniqueId("hostile"), body).call();
      System.out.printf(
          "[hostile] alone: answer %d, %d bytes, %d ms%n",
          alone.status(), alone.bytes(), alone.millis());
      assertThat(alone.status()).isEqualTo(400);
    }
    List<MemoryPoolMXBean> heap = heapPools();
    System.gc();
    long usedBefore = used(heap);
    heap.forEach(MemoryPoolMXBean::resetPeakUsage);

    // when
    ExecutorService clients = Executors.newFixedThreadPool(REQUESTS);
    List<Future<Answer>> answers = new ArrayList<>();
    long start = System.nanoTime();
    try {
      for (int i = 0; i < REQUESTS; i++) {
        String body = bodies.get(i % bodies.size());
        String planId = uniqueId("hostile");
        answers.add(clients.submit(put(http, planId, body)));
      }
      for (Future<Answer> answer : answers) {
        answer.get();
      }
    } finally {
      clients.shutdownNow();
    }
    long totalMillis = (System.nanoTime() - start) / 1_000_000;
    long peak = heap.stream().mapToLong(pool -> pool.getPeakUsage().getUsed()).sum();
    System.gc();
    long usedAfter = used(heap);

    // then
    for (Future<Answer> future : answers) {
      Answer answer = future.get();
      System.out.printf(
          "[hostile] answer %d, %d bytes, %d errors listed, %d ms%n",
          answer.status(), answer.bytes(), answer.errors(), answer.millis());
      assertThat(answer.status()).isEqualTo(400);
      assertThat(answer.bytes()).isLessThan(ANSWER_LIMIT);
      assertThat(answer.errors()).isBetween(1, PlanLimits.MAX_ERRORS);
    }
    for (int i = 0; i < REQUESTS; i += bodies.size()) {
      assertThat(answers.get(i).get().namesACycle()).as("the dense plan's answer").isTrue();
    }
    System.out.printf(
        "[hostile] %d plans of ~1 MB in %d ms; heap max %d MB, used before %d MB, peak (sum of"
            + " pools) %d MB, after %d MB%n",
        REQUESTS,
        totalMillis,
        Runtime.getRuntime().maxMemory() >> 20,
        usedBefore >> 20,
        peak >> 20,
        usedAfter >> 20);
    given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
    given()
        .contentType(ContentType.JSON)
        .body(plan("After the storm", wave("db", List.of(server(990)), List.of())))
        .put("/plans/{id}", uniqueId("plan"))
        .then()
        .statusCode(200)
        .body("version", equalTo(1));
  }

  private static Callable<Answer> put(HttpClient http, String planId, String body) {
    return () -> {
      HttpRequest request =
          HttpRequest.newBuilder(
                  URI.create("http://127.0.0.1:" + RestAssured.port + "/plans/" + planId))
              .timeout(Duration.ofSeconds(60))
              .header("Content-Type", "application/json")
              .PUT(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
              .build();
      long start = System.nanoTime();
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      long millis = (System.nanoTime() - start) / 1_000_000;
      JsonNode errors = JSON.readTree(response.body()).path("errors");
      return new Answer(
          response.statusCode(),
          response.body().getBytes(StandardCharsets.UTF_8).length,
          errors.size(),
          response.body().contains("cycle: "),
          millis);
    };
  }

  private static List<MemoryPoolMXBean> heapPools() {
    return ManagementFactory.getMemoryPoolMXBeans().stream()
        .filter(pool -> pool.getType() == MemoryType.HEAP)
        .toList();
  }

  private static long used(List<MemoryPoolMXBean> pools) {
    return pools.stream().mapToLong(pool -> pool.getUsage().getUsed()).sum();
  }
}
