package io.drsorch.simulator;

import static io.drsorch.simulator.ServerIds.id;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.drsorch.simulator.servers.ReplicationState;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every answer of the simulator, successes and errors, checked member by member against the DRS
 * service model, over raw HTTP so that nothing the SDK would silently ignore goes unnoticed.
 */
class ModelConformanceTest {

  private static final DrsModel MODEL = DrsModel.load();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String AUTHORIZATION =
      "AWS4-HMAC-SHA256 Credential=test/20261122/us-east-1/drs/aws4_request,"
          + " SignedHeaders=host;x-amz-date, Signature=0000";

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T10:00:00Z"));
  private final HttpClient http = HttpClient.newHttpClient();
  private DrsSimulator simulator;

  @BeforeEach
  void start() {
    simulator = DrsSimulator.start("127.0.0.1", 0, clock);
    simulator.configure(2, 4, 0);
    simulator.configureSnapshotInterval(Duration.ofMinutes(10));
    simulator.addSourceServers("us-east-1", List.of(id(1), id(2), id(3)));
    // One server of each kind of launch data: a previous snapshot (STALLED), none (INITIAL_SYNC),
    // and one without a lag (DISCONNECTED).
    simulator.addSourceServers(
        "us-east-1", List.of(id(4)), ReplicationState.STALLED, Duration.ofMinutes(20));
    simulator.addSourceServers(
        "us-east-1", List.of(id(5)), ReplicationState.INITIAL_SYNC, Duration.ZERO);
    simulator.addSourceServers(
        "us-east-1", List.of(id(6)), ReplicationState.DISCONNECTED, Duration.ZERO);
  }

  @AfterEach
  void stop() {
    simulator.close();
  }

  private HttpResponse<String> post(String path, String body)
      throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(simulator.endpoint() + path))
            .header("Content-Type", "application/json")
            .header("Authorization", AUTHORIZATION)
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  /** Calls an operation and checks its answer against the operation's output shape. */
  private JsonNode conforming(String operation, String body) throws Exception {
    HttpResponse<String> response = post("/" + operation, body);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(MODEL.successStatus(operation));
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    JsonNode json = JSON.readTree(response.body());
    assertThat(MODEL.violations(MODEL.outputShape(operation), json)).as(response.body()).isEmpty();
    return json;
  }

  /** Calls an operation that must fail and checks the error against its shape. */
  private JsonNode error(String operation, String body, String errorType) throws Exception {
    HttpResponse<String> response = post("/" + operation, body);
    assertThat(response.headers().firstValue("x-amzn-ErrorType")).hasValue(errorType);
    assertThat(response.statusCode()).isEqualTo(MODEL.errorStatus(errorType));
    JsonNode json = JSON.readTree(response.body());
    assertThat(MODEL.violations(errorType, json)).as(response.body()).isEmpty();
    assertThat(json.path("message").asText()).isNotBlank();
    return json;
  }

  private void everyOperationConforms() throws Exception {
    conforming("DescribeJobs", "{\"maxResults\": 2}");
    JsonNode jobs = conforming("DescribeJobs", "{}");
    for (JsonNode job : jobs.path("items")) {
      conforming("DescribeJobLogItems", "{\"jobID\": \"" + job.path("jobID").asText() + "\"}");
    }
    conforming("DescribeSourceServers", "{\"filters\": {}}");
    conforming("DescribeSourceServers", "{\"maxResults\": 1}");
    conforming("DescribeRecoveryInstances", "{}");
    for (int server = 1; server <= 6; server++) {
      conforming("DescribeRecoverySnapshots", "{\"sourceServerID\": \"" + id(server) + "\"}");
    }
    conforming(
        "DescribeRecoverySnapshots",
        "{\"sourceServerID\": \""
            + id(1)
            + "\", \"order\": \"DESC\", \"maxResults\": 1,"
            + " \"filters\": {\"fromDateTime\": \"2026-11-22T10:00:00Z\","
            + " \"toDateTime\": \"2026-11-22T11:00:00.000Z\"}}");
  }

  /** The id of the server's newest recovery snapshot, read as a client would. */
  private String newestSnapshot(String server) throws Exception {
    JsonNode snapshots =
        conforming(
            "DescribeRecoverySnapshots",
            "{\"sourceServerID\": \"" + server + "\", \"order\": \"DESC\", \"maxResults\": 1}");
    return snapshots.path("items").get(0).path("snapshotID").asText();
  }

  @Test
  void givenJobsInEveryPhase_whenEachOperationAnswers_thenEveryAnswerMatchesTheModel()
      throws Exception {
    // given a drill from a chosen snapshot, a recovery with a failing server, one launching from
    // its previous snapshot and one without any, then a relaunch and a termination
    clock.advanceSeconds(1200);
    simulator.failNextLaunch(id(3));
    conforming(
        "StartRecovery",
        "{\"isDrill\": true, \"tags\": {\"drsorch:wave-id\": \"db\"}, \"sourceServers\": [{\"sourceServerID\": \""
            + id(1)
            + "\", \"recoverySnapshotID\": \""
            + newestSnapshot(id(1))
            + "\"}]}");
    conforming(
        "StartRecovery",
        "{\"sourceServers\": [{\"sourceServerID\": \""
            + id(2)
            + "\"}, {\"sourceServerID\": \""
            + id(3)
            + "\"}, {\"sourceServerID\": \""
            + id(4)
            + "\"}, {\"sourceServerID\": \""
            + id(5)
            + "\"}]}");
    everyOperationConforms();
    clock.advanceSeconds(3);
    everyOperationConforms();
    clock.advanceSeconds(3);
    everyOperationConforms();

    JsonNode instances = conforming("DescribeRecoveryInstances", "{}");
    String instanceId = instances.path("items").get(0).path("recoveryInstanceID").asText();
    conforming("TerminateRecoveryInstances", "{\"recoveryInstanceIDs\": [\"" + instanceId + "\"]}");
    conforming("StartRecovery", "{\"sourceServers\": [{\"sourceServerID\": \"" + id(2) + "\"}]}");
    clock.advanceSeconds(1);

    // when / then
    everyOperationConforms();
    clock.advanceSeconds(6);
    everyOperationConforms();
  }

  @Test
  void givenEachKindOfRefusal_whenAnswered_thenTheErrorMatchesItsShape() throws Exception {
    // given
    conforming("StartRecovery", "{\"sourceServers\": [{\"sourceServerID\": \"" + id(1) + "\"}]}");

    // when / then
    error(
        "StartRecovery",
        "{\"sourceServers\": [{\"sourceServerID\": \"" + id(1) + "\"}]}",
        "ConflictException");
    error(
        "StartRecovery",
        "{\"sourceServers\": [{\"sourceServerID\": \"" + id(9) + "\"}]}",
        "ResourceNotFoundException");
    JsonNode invalid = error("StartRecovery", "{\"sourceServers\": []}", "ValidationException");
    assertThat(invalid.path("reason").asText()).isEqualTo("fieldValidationFailed");
    assertThat(invalid.path("fieldList").get(0).path("name").asText()).isEqualTo("sourceServers");
    JsonNode unknownSnapshot =
        error(
            "StartRecovery",
            "{\"sourceServers\": [{\"sourceServerID\": \""
                + id(2)
                + "\", \"recoverySnapshotID\": \"pit-0123456789abcdef0\"}]}",
            "ValidationException");
    assertThat(unknownSnapshot.path("fieldList").get(0).path("name").asText())
        .isEqualTo("sourceServers[0].recoverySnapshotID");
    error(
        "DescribeRecoverySnapshots",
        "{\"sourceServerID\": \"" + id(9) + "\"}",
        "ResourceNotFoundException");
    JsonNode badOrder =
        error(
            "DescribeRecoverySnapshots",
            "{\"sourceServerID\": \"" + id(1) + "\", \"order\": \"NEWEST\"}",
            "ValidationException");
    assertThat(badOrder.path("fieldList").get(0).path("name").asText()).isEqualTo("order");
    JsonNode unparsable = error("DescribeJobs", "{not json", "ValidationException");
    assertThat(unparsable.path("reason").asText()).isEqualTo("cannotParse");
    JsonNode unknown = error("DescribeEverything", "{}", "ValidationException");
    assertThat(unknown.path("reason").asText()).isEqualTo("unknownOperation");

    simulator.failNextCalls("DescribeJobs", "ThrottlingException", 1, 4);
    HttpResponse<String> throttled = post("/DescribeJobs", "{}");
    assertThat(throttled.headers().firstValue("Retry-After")).hasValue("4");
    assertThat(MODEL.violations("ThrottlingException", JSON.readTree(throttled.body()))).isEmpty();

    for (String type :
        List.of(
            "InternalServerException",
            "ServiceQuotaExceededException",
            "AccessDeniedException",
            "ConflictException")) {
      simulator.failNextCalls("DescribeSourceServers", type, 1, 1);
      error("DescribeSourceServers", "{}", type);
    }
  }

  @Test
  void givenTheQuotaIsReached_whenLaunched_thenServiceQuotaExceededMatchesItsShape()
      throws Exception {
    // given
    for (int i = 10; i < 30; i++) {
      simulator.addSourceServers("us-east-1", List.of(id(i)));
      conforming("StartRecovery", "{\"sourceServers\": [{\"sourceServerID\": \"" + id(i) + "\"}]}");
    }

    // when
    JsonNode quota =
        error(
            "StartRecovery",
            "{\"sourceServers\": [{\"sourceServerID\": \"" + id(1) + "\"}]}",
            "ServiceQuotaExceededException");

    // then
    assertThat(quota.path("serviceCode").asText()).isEqualTo("drs");
    assertThat(quota.path("quotaCode").asText()).isNotBlank();
  }

  @Test
  void givenDocumentsThatBreakTheModel_whenChecked_thenTheCheckerNamesEachBreach()
      throws Exception {
    // given
    JsonNode misspelled =
        JSON.readTree(
            "{\"items\": [{\"sourceServerID\": \"s-1\", \"recoveryInstanceID\": \"i-0123456789abcdef0\"}]}");
    JsonNode failedJob =
        JSON.readTree(
            "{\"job\": {\"jobID\": \"drsjob-00000000000000001\", \"status\": \"FAILED\"}}");
    JsonNode headerInBody =
        JSON.readTree("{\"message\": \"slow down\", \"retryAfterSeconds\": \"1\"}");

    // when / then
    assertThat(MODEL.violations("DescribeSourceServersResponse", misspelled))
        .anyMatch(v -> v.contains("recoveryInstanceID is not a member"))
        .anyMatch(v -> v.contains("does not match SourceServerID"));
    assertThat(MODEL.violations("StartRecoveryResponse", failedJob))
        .singleElement()
        .satisfies(v -> assertThat(v).contains("'FAILED' is not a value of JobStatus"));
    assertThat(MODEL.violations("ThrottlingException", headerInBody))
        .singleElement()
        .satisfies(v -> assertThat(v).contains("belongs in the header"));
  }

  @Test
  void givenNoAuthorization_whenCalled_thenTheDefaultRegionIsUsed() throws Exception {
    // when
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(simulator.endpoint() + "/DescribeSourceServers"))
            .POST(HttpRequest.BodyPublishers.ofString(""))
            .build();
    JsonNode answer =
        JSON.readTree(http.send(request, HttpResponse.BodyHandlers.ofString()).body());

    // then
    assertThat(answer.path("items")).hasSize(6);
    assertThat(answer.path("items").get(0).path("arn").asText())
        .startsWith("arn:aws:drs:us-east-1:");
  }
}
