package io.drsorch.simulator;

import static io.drsorch.simulator.ServerIds.id;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.drs.DrsClient;
import software.amazon.awssdk.services.drs.model.DescribeJobsRequestFilters;
import software.amazon.awssdk.services.drs.model.JobStatus;
import software.amazon.awssdk.services.drs.model.LaunchStatus;
import software.amazon.awssdk.services.drs.model.SourceServer;
import software.amazon.awssdk.services.drs.model.StartRecoveryRequestSourceServer;
import software.amazon.awssdk.services.drs.model.ThrottlingException;

/**
 * The admin API over plain HTTP, as the local stack and the end-to-end tests use it, on a simulator
 * started the way {@code SimulatorMain} starts it (real clock, free port).
 */
class AdminApiTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http = HttpClient.newHttpClient();
  private DrsSimulator simulator;
  private DrsClient drs;

  @BeforeEach
  void start() {
    simulator = DrsSimulator.start("127.0.0.1", 0);
    drs = DrsClients.withoutRetries(simulator.endpoint());
  }

  @AfterEach
  void stop() {
    drs.close();
    simulator.close();
  }

  private HttpResponse<String> call(String method, String path, String body)
      throws IOException, InterruptedException {
    return AdminHttp.send(http, simulator.endpoint(), method, path, body);
  }

  private static JsonNode json(HttpResponse<String> response) throws IOException {
    return JSON.readTree(response.body());
  }

  @Test
  void givenAFreshSimulator_whenProbed_thenHealthIsUpOnTheEndpoint() throws Exception {
    // when
    HttpResponse<String> health = call("GET", "/_sim/health", null);

    // then
    assertThat(simulator.port()).isPositive();
    assertThat(simulator.endpoint()).isEqualTo(URI.create("http://127.0.0.1:" + simulator.port()));
    assertThat(health.statusCode()).isEqualTo(200);
  }

  @Test
  void givenServersAddedOverHttp_whenDescribed_thenTheSdkSeesThemInTheirRegion() throws Exception {
    // when
    HttpResponse<String> added =
        call(
            "POST",
            "/_sim/source-servers",
            "{\"sourceServerIDs\": [\""
                + id(1)
                + "\", \""
                + id(2)
                + "\"], \"region\": \"us-east-1\"}");

    // then
    assertThat(added.statusCode()).isEqualTo(200);
    assertThat(json(added).path("added").asInt()).isEqualTo(2);
    assertThat(drs.describeSourceServers(r -> {}).items())
        .extracting(SourceServer::sourceServerID)
        .containsExactly(id(1), id(2));
  }

  @Test
  void givenAMalformedServerId_whenAdded_thenBadRequestNamingIt() throws Exception {
    // when
    HttpResponse<String> refused =
        call(
            "POST",
            "/_sim/source-servers",
            "{\"sourceServerIDs\": [\"" + id(1) + "\", \"s-nope\"]}");

    // then
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(json(refused).path("message").asText()).contains("s-nope");
    assertThat(drs.describeSourceServers(r -> {}).items()).isEmpty();
  }

  @Test
  void givenFractionalTimingsOverHttp_whenAJobRunsOnTheRealClock_thenItCompletes()
      throws Exception {
    // given
    HttpResponse<String> config =
        call(
            "PUT",
            "/_sim/config",
            "{\"pendingSeconds\": 0.2, \"startedSeconds\": 0.3, \"jitterSeconds\": 0}");
    simulator.addSourceServers("us-east-1", List.of(id(1)));

    // when
    String jobId =
        drs.startRecovery(
                r ->
                    r.sourceServers(
                        StartRecoveryRequestSourceServer.builder().sourceServerID(id(1)).build()))
            .job()
            .jobID();

    // then
    assertThat(config.statusCode()).isEqualTo(200);
    assertThat(json(config).path("pendingSeconds").asDouble()).isEqualTo(0.2);
    await()
        .atMost(Duration.ofSeconds(5))
        .pollInterval(Duration.ofMillis(50))
        .untilAsserted(
            () ->
                assertThat(
                        drs.describeJobs(
                                r ->
                                    r.filters(
                                        DescribeJobsRequestFilters.builder().jobIDs(jobId).build()))
                            .items()
                            .get(0)
                            .status())
                    .isEqualTo(JobStatus.COMPLETED));
  }

  @Test
  void givenQuotasOverHttp_whenReadBack_thenTheyAreInForce() throws Exception {
    // when
    HttpResponse<String> set =
        call("PUT", "/_sim/config", "{\"maxConcurrentJobs\": 5, \"maxServersPerCall\": 100}");
    HttpResponse<String> read = call("GET", "/_sim/config", null);

    // then
    assertThat(set.statusCode()).isEqualTo(200);
    assertThat(json(read).path("maxConcurrentJobs").asInt()).isEqualTo(5);
    assertThat(json(read).path("maxServersPerCall").asInt()).isEqualTo(100);
    assertThat(json(read).path("pendingSeconds").asDouble()).isEqualTo(2.0);
  }

  @Test
  void givenANegativeDuration_whenConfigured_thenBadRequest() throws Exception {
    // when
    HttpResponse<String> refused = call("PUT", "/_sim/config", "{\"pendingSeconds\": -1}");

    // then
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(json(refused).path("message").asText()).contains("pending");
  }

  @Test
  void givenALaunchFaultOverHttp_whenTheJobCompletes_thenThatServerFailed() throws Exception {
    // given
    call("PUT", "/_sim/config", "{\"pendingSeconds\": 0.1, \"startedSeconds\": 0.1}");
    simulator.addSourceServers("us-east-1", List.of(id(1)));
    HttpResponse<String> fault =
        call(
            "POST",
            "/_sim/faults",
            "{\"sourceServerID\": \"" + id(1) + "\", \"launchStatus\": \"FAILED\"}");

    // when
    String jobId =
        drs.startRecovery(
                r ->
                    r.sourceServers(
                        StartRecoveryRequestSourceServer.builder().sourceServerID(id(1)).build()))
            .job()
            .jobID();

    // then
    assertThat(fault.statusCode()).isEqualTo(200);
    await()
        .atMost(Duration.ofSeconds(5))
        .pollInterval(Duration.ofMillis(50))
        .untilAsserted(
            () -> {
              var job =
                  drs.describeJobs(
                          r ->
                              r.filters(DescribeJobsRequestFilters.builder().jobIDs(jobId).build()))
                      .items()
                      .get(0);
              assertThat(job.status()).isEqualTo(JobStatus.COMPLETED);
              assertThat(job.participatingServers().get(0).launchStatus())
                  .isEqualTo(LaunchStatus.FAILED);
            });
  }

  @Test
  void givenAnOperationFaultOverHttp_whenCalled_thenItFailsThatManyTimesAndDeleteClearsTheRest()
      throws Exception {
    // given
    HttpResponse<String> fault =
        call(
            "POST",
            "/_sim/faults",
            "{\"operation\": \"DescribeJobs\", \"errorCode\": \"ThrottlingException\", \"times\": 2, \"retryAfterSeconds\": 1}");

    // when
    ThrottlingException first =
        catchThrowableOfType(ThrottlingException.class, () -> drs.describeJobs(r -> {}));
    HttpResponse<String> cleared = call("DELETE", "/_sim/faults", null);
    int itemsAfterClear = drs.describeJobs(r -> {}).items().size();

    // then
    assertThat(fault.statusCode()).isEqualTo(200);
    assertThat(first.retryAfterSeconds()).isEqualTo("1");
    assertThat(cleared.statusCode()).isEqualTo(200);
    assertThat(itemsAfterClear).isZero();
  }

  @Test
  void givenASlowAnswerFault_whenStartRecoveryIsCalled_thenTheJobExistsBeforeTheAnswerComes()
      throws Exception {
    // given
    simulator.addSourceServers("us-east-1", List.of(id(1), id(2)));
    HttpResponse<String> fault =
        call(
            "POST",
            "/_sim/faults",
            "{\"operation\": \"StartRecovery\", \"answerDelayMs\": 3000, \"times\": 1}");

    // when: the call is made on another thread, and DRS is looked at while it waits
    java.util.concurrent.CompletableFuture<String> answer =
        java.util.concurrent.CompletableFuture.supplyAsync(
            () ->
                drs.startRecovery(
                        r ->
                            r.sourceServers(
                                StartRecoveryRequestSourceServer.builder()
                                    .sourceServerID(id(1))
                                    .build()))
                    .job()
                    .jobID());
    List<String> seenWhileWaiting =
        await()
            .atMost(Duration.ofMillis(2_500))
            .pollInterval(Duration.ofMillis(20))
            .until(
                () -> drs.describeJobs(r -> {}).items().stream().map(j -> j.jobID()).toList(),
                jobs -> !jobs.isEmpty());
    boolean answeredWhileSeen = answer.isDone();
    String jobId = answer.get(5, java.util.concurrent.TimeUnit.SECONDS);
    long afterDelay = System.nanoTime();
    drs.startRecovery(
        r ->
            r.sourceServers(
                StartRecoveryRequestSourceServer.builder().sourceServerID(id(2)).build()));
    long secondCall = (System.nanoTime() - afterDelay) / 1_000_000;

    // then
    assertThat(fault.statusCode()).isEqualTo(200);
    assertThat(seenWhileWaiting).containsExactly(jobId);
    assertThat(answeredWhileSeen).as("answered before the job was seen").isFalse();
    assertThat(secondCall).as("the fault is used up: ms of the next call").isLessThan(1_000);
  }

  @Test
  void givenAFaultWithBothAnErrorAndADelay_whenAdded_thenBadRequest() throws Exception {
    // when
    HttpResponse<String> both =
        call(
            "POST",
            "/_sim/faults",
            "{\"operation\": \"StartRecovery\", \"errorCode\": \"ThrottlingException\","
                + " \"answerDelayMs\": 10}");
    HttpResponse<String> tooLong =
        call("POST", "/_sim/faults", "{\"operation\": \"StartRecovery\", \"answerDelayMs\": 0}");

    // then
    assertThat(both.statusCode()).isEqualTo(400);
    assertThat(json(both).path("message").asText()).contains("not both");
    assertThat(tooLong.statusCode()).isEqualTo(400);
    assertThat(json(tooLong).path("message").asText()).contains("answerDelayMs");
  }

  @Test
  void givenAnUnsupportedFault_whenAdded_thenBadRequest() throws Exception {
    // when
    HttpResponse<String> badCode =
        call("POST", "/_sim/faults", "{\"operation\": \"DescribeJobs\", \"errorCode\": \"Boom\"}");
    HttpResponse<String> badOperation =
        call(
            "POST",
            "/_sim/faults",
            "{\"operation\": \"LaunchEverything\", \"errorCode\": \"ThrottlingException\"}");

    // then
    assertThat(badCode.statusCode()).isEqualTo(400);
    assertThat(json(badCode).path("message").asText()).contains("Boom");
    assertThat(badOperation.statusCode()).isEqualTo(400);
  }

  @Test
  void givenCalls_whenStatsAreRead_thenEachOperationIsCounted() throws Exception {
    // given
    drs.describeJobs(r -> {});
    drs.describeJobs(r -> {});
    drs.describeSourceServers(r -> {});

    // when
    JsonNode stats = json(call("GET", "/_sim/stats", null));

    // then
    assertThat(stats.path("calls").path("DescribeJobs").asLong()).isEqualTo(2);
    assertThat(stats.path("calls").path("DescribeSourceServers").asLong()).isEqualTo(1);
    assertThat(stats.path("calls").has("StartRecovery")).isFalse();
  }

  @Test
  void givenRefusedCalls_whenStatsAreRead_thenEachRefusalIsCountedByErrorType() throws Exception {
    // given: two StartRecovery calls refused with throttling, one DescribeJobs that succeeds
    call(
        "POST",
        "/_sim/faults",
        "{\"operation\": \"StartRecovery\", \"errorCode\": \"ThrottlingException\", \"times\": 2}");
    for (int i = 0; i < 2; i++) {
      String server = id(900 + i);
      assertThat(
              catchThrowableOfType(
                  ThrottlingException.class,
                  () ->
                      drs.startRecovery(
                          r -> r.isDrill(true).sourceServers(s -> s.sourceServerID(server)))))
          .isNotNull();
    }
    drs.describeJobs(r -> {});

    // when
    JsonNode stats = json(call("GET", "/_sim/stats", null));

    // then
    assertThat(stats.path("calls").path("StartRecovery").asLong()).isEqualTo(2);
    assertThat(stats.path("refusals").path("StartRecovery").path("ThrottlingException").asLong())
        .isEqualTo(2);
    assertThat(stats.path("refusals").has("DescribeJobs")).isFalse();
    JsonNode reset = json(call("DELETE", "/_sim/stats", null));
    assertThat(reset.path("refusals").size()).isZero();
  }

  @Test
  void givenAnUnknownAdminRoute_whenCalled_thenNotFound() throws Exception {
    // when
    HttpResponse<String> response = call("GET", "/_sim/nothing", null);

    // then
    assertThat(response.statusCode()).isEqualTo(404);
  }
}
