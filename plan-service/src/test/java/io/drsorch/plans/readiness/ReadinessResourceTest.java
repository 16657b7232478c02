package io.drsorch.plans.readiness;

import static io.drsorch.plans.readiness.DrsFixture.REGION;
import static io.drsorch.plans.readiness.DrsFixture.drs;
import static io.drsorch.plans.readiness.DrsFixture.plan;
import static io.drsorch.plans.readiness.DrsFixture.server;
import static io.drsorch.plans.readiness.DrsFixture.simulator;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.drsorch.plans.KafkaTestResource;
import io.drsorch.plans.identity.AccessCheck;
import io.drsorch.plans.identity.Requires;
import io.drsorch.plans.identity.Role;
import io.drsorch.simulator.SimulatorSettings;
import io.drsorch.simulator.servers.ReplicationState;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.drs.DrsClient;

/**
 * {@code GET /plans/{id}/readiness} against the DRS simulator, reached through the real AWS SDK:
 * each rule of the pre-flight, named in the server's problems.
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
class ReadinessResourceTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration NO_LAG = Duration.ZERO;

  private static JsonNode readiness(String planId, String query) throws Exception {
    String body =
        given()
            .get("/plans/{id}/readiness" + query, planId)
            .then()
            .statusCode(200)
            .extract()
            .asString();
    return JSON.readTree(body);
  }

  private static JsonNode serverOf(JsonNode answer, String serverId) {
    for (JsonNode server : answer.path("servers")) {
      if (server.path("sourceServerId").asText().equals(serverId)) {
        return server;
      }
    }
    throw new AssertionError("no server " + serverId + " in " + answer);
  }

  private static List<String> problems(JsonNode server) {
    return StreamSupport.stream(server.path("problems").spliterator(), false)
        .map(JsonNode::asText)
        .toList();
  }

  @Test
  void givenAPlanOfHealthyServers_whenCheckedForADrill_thenReadyWithEachServersState()
      throws Exception {
    // given
    String db = server(ReplicationState.CONTINUOUS, NO_LAG);
    String app = server(ReplicationState.CONTINUOUS, Duration.ofMinutes(2));
    String planId = plan("", List.of(List.of(db), List.of(app)));

    // when
    JsonNode answer = readiness(planId, "");

    // then
    assertThat(answer.path("ready").asBoolean()).isTrue();
    assertThat(answer.path("mode").asText()).isEqualTo("DRILL");
    assertThat(Instant.parse(answer.path("checkedAt").asText()))
        .isBetween(Instant.now().minusSeconds(60), Instant.now());
    assertThat(answer.path("servers")).hasSize(2);
    JsonNode first = answer.path("servers").get(0);
    assertThat(first.path("sourceServerId").asText()).isEqualTo(db);
    assertThat(first.path("waveId").asText()).isEqualTo("w0");
    assertThat(first.path("region").asText()).isEqualTo(REGION);
    assertThat(first.path("ready").asBoolean()).isTrue();
    assertThat(first.path("replicationState").asText()).isEqualTo("CONTINUOUS");
    assertThat(first.path("lag").asText()).isEqualTo("PT0S");
    assertThat(Instant.parse(first.path("lastSnapshotAt").asText()))
        .isBefore(Instant.now().plusSeconds(1));
    assertThat(first.path("problems")).isEmpty();
    JsonNode second = serverOf(answer, app);
    assertThat(second.path("waveId").asText()).isEqualTo("w1");
    assertThat(second.path("lag").asText()).isEqualTo("PT2M");
  }

  @Test
  void givenAStalledServer_whenCheckedForADrill_thenItIsNamedAndThePlanIsNotReady()
      throws Exception {
    // given
    String healthy = server(ReplicationState.CONTINUOUS, NO_LAG);
    String stalled = server(ReplicationState.STALLED, NO_LAG);
    String planId = plan(List.of(healthy, stalled));

    // when
    JsonNode answer = readiness(planId, "?mode=DRILL");

    // then
    assertThat(answer.path("ready").asBoolean()).isFalse();
    assertThat(serverOf(answer, healthy).path("ready").asBoolean()).isTrue();
    JsonNode named = serverOf(answer, stalled);
    assertThat(named.path("ready").asBoolean()).isFalse();
    assertThat(named.path("replicationState").asText()).isEqualTo("STALLED");
    assertThat(problems(named))
        .containsExactly("replication is STALLED (a DRILL needs CONTINUOUS)");
  }

  @Test
  void givenALagOverThePlansLimit_whenCheckedForADrill_thenTheLagAndTheLimitAreNamed()
      throws Exception {
    // given: 20 minutes behind, against a plan limit of 10 and the default of 15
    String lagging = server(ReplicationState.CONTINUOUS, Duration.ofMinutes(20));
    String fresh = server(ReplicationState.CONTINUOUS, Duration.ofMinutes(9));
    String strict = plan("\"maxReplicationLagMinutes\": 10", List.of(List.of(lagging, fresh)));
    String byDefault = plan(List.of(lagging));

    // when
    JsonNode answer = readiness(strict, "");
    JsonNode withDefault = readiness(byDefault, "");

    // then
    assertThat(problems(serverOf(answer, lagging)))
        .containsExactly(
            "replication lags PT20M (a DRILL needs at most 10 minutes: maxReplicationLagMinutes)");
    assertThat(serverOf(answer, fresh).path("ready").asBoolean()).isTrue();
    assertThat(problems(serverOf(withDefault, lagging)))
        .containsExactly(
            "replication lags PT20M (a DRILL needs at most 15 minutes: maxReplicationLagMinutes)");
  }

  @Test
  void givenAServerDrsDoesNotKnow_whenChecked_thenNotFoundInTheRegionAndAccount() throws Exception {
    // given
    String known = server(ReplicationState.CONTINUOUS, NO_LAG);
    String unknown = DrsFixture.newServerId();
    String planId = plan(List.of(known, unknown));

    // when
    JsonNode answer = readiness(planId, "?mode=RECOVERY");

    // then: the account is the one DRS names in the ARNs of the servers it found there
    JsonNode missing = serverOf(answer, unknown);
    assertThat(missing.path("ready").asBoolean()).isFalse();
    assertThat(missing.path("replicationState").isNull()).isTrue();
    assertThat(missing.path("lastSnapshotAt").isNull()).isTrue();
    assertThat(problems(missing))
        .containsExactly(
            "not found in DRS in " + REGION + "/" + SimulatorSettings.DEFAULT_ACCOUNT_ID);
    assertThat(answer.path("ready").asBoolean()).isFalse();
  }

  @Test
  void givenAServerInARunningJob_whenChecked_thenTheJobIsNamed() throws Exception {
    // given: a drill launched straight at DRS that stays PENDING
    String busy = server(ReplicationState.CONTINUOUS, NO_LAG);
    String planId = plan(List.of(busy));
    simulator().configure(600, 600, 0);
    String jobId;
    try (DrsClient drs = drs()) {
      jobId =
          drs.startRecovery(r -> r.isDrill(true).sourceServers(s -> s.sourceServerID(busy)))
              .job()
              .jobID();
    } finally {
      simulator().configure(2, 3, 0);
    }

    // when
    JsonNode answer = readiness(planId, "");

    // then
    assertThat(problems(serverOf(answer, busy)))
        .containsExactly("in active job " + jobId + " (LAUNCH, PENDING)");
    assertThat(answer.path("ready").asBoolean()).isFalse();
  }

  @Test
  void givenServersThatDoNotReplicate_whenCheckedForARecovery_thenOnlyASnapshotCounts()
      throws Exception {
    // given: one cut off with its last snapshot kept, one that lost every snapshot
    String disconnected = server(ReplicationState.DISCONNECTED, NO_LAG);
    String bare = server(ReplicationState.STALLED, NO_LAG);
    simulator().setRecoverySnapshots(REGION, bare, List.of());
    String planId = plan(List.of(disconnected, bare));

    // when
    JsonNode recovery = readiness(planId, "?mode=RECOVERY");
    JsonNode drill = readiness(planId, "?mode=DRILL");

    // then
    assertThat(recovery.path("mode").asText()).isEqualTo("RECOVERY");
    JsonNode cutOff = serverOf(recovery, disconnected);
    assertThat(cutOff.path("ready").asBoolean()).isTrue();
    assertThat(cutOff.path("replicationState").asText()).isEqualTo("DISCONNECTED");
    assertThat(cutOff.path("lastSnapshotAt").isNull()).isFalse();
    assertThat(problems(serverOf(recovery, bare)))
        .containsExactly("no recovery snapshot (a RECOVERY launches from one)");
    assertThat(serverOf(recovery, bare).path("lastSnapshotAt").isNull()).isTrue();
    assertThat(problems(serverOf(drill, disconnected)))
        .containsExactly("replication is DISCONNECTED (a DRILL needs CONTINUOUS)");
  }

  @Test
  void givenAPointInTimeBeforeEverySnapshot_whenChecked_thenNoSnapshotAtOrBeforeIt()
      throws Exception {
    // given: snapshots two hours and one hour ago
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    String server = server(ReplicationState.STALLED, NO_LAG);
    simulator()
        .setRecoverySnapshots(
            REGION,
            server,
            List.of(now.minus(Duration.ofHours(2)), now.minus(Duration.ofHours(1))));
    String planId = plan(List.of(server));
    Instant tooEarly = now.minus(Duration.ofHours(3));
    Instant between = now.minus(Duration.ofMinutes(90));

    // when
    JsonNode early = readiness(planId, "?mode=RECOVERY&pointInTime=" + tooEarly);
    JsonNode later = readiness(planId, "?mode=RECOVERY&pointInTime=" + between);

    // then
    assertThat(early.path("ready").asBoolean()).isFalse();
    assertThat(early.path("pointInTime").asText()).isEqualTo(tooEarly.toString());
    assertThat(problems(serverOf(early, server)))
        .containsExactly(
            "no recovery snapshot at or before " + tooEarly + " (all its snapshots are later)");
    assertThat(later.path("ready").asBoolean()).isTrue();
    assertThat(Instant.parse(serverOf(later, server).path("lastSnapshotAt").asText()))
        .isEqualTo(now.minus(Duration.ofHours(1)));
  }

  @Test
  void givenBadParameters_whenChecked_then400NamingTheParameter() {
    String planId = plan(List.of(server(ReplicationState.CONTINUOUS, NO_LAG)));

    given()
        .get("/plans/{id}/readiness?mode=TEST", planId)
        .then()
        .statusCode(400)
        .body("errors[0].path", equalTo("mode"))
        .body("errors[0].message", containsString("use DRILL or RECOVERY"));
    given()
        .get("/plans/{id}/readiness?pointInTime=yesterday", planId)
        .then()
        .statusCode(400)
        .body("errors[0].path", equalTo("pointInTime"))
        .body("errors[0].message", containsString("not an ISO-8601 instant"));
    given()
        .get("/plans/{id}/readiness?pointInTime=" + Instant.now().plus(Duration.ofDays(1)), planId)
        .then()
        .statusCode(400)
        .body("errors[0].path", equalTo("pointInTime"))
        .body("errors[0].message", containsString("in the future"));
  }

  @Test
  void givenAnUnknownPlan_whenChecked_then404() {
    given()
        .get("/plans/{id}/readiness", "no-such-plan")
        .then()
        .statusCode(404)
        .body("error", containsString("no-such-plan"));
  }

  @Test
  void givenDrsThrottlingPastEveryAttempt_whenChecked_then503AndNoVerdict() {
    // given
    String planId = plan(List.of(server(ReplicationState.CONTINUOUS, NO_LAG)));
    simulator().failNextCalls("DescribeSourceServers", "ThrottlingException", 10, 0);
    try {
      // when / then
      given()
          .get("/plans/{id}/readiness", planId)
          .then()
          .statusCode(503)
          .contentType(ContentType.JSON)
          .body("error", containsString("DescribeSourceServers"))
          .body("error", containsString("ThrottlingException"))
          .body("ready", org.hamcrest.Matchers.nullValue());
    } finally {
      simulator().clearFaults();
    }
  }

  @Test
  void givenAPlanWithItsLifecycleOptions_whenRead_thenTheyAreShown() {
    String planId =
        plan(
            "\"maxReplicationLagMinutes\": 30, \"rtoTargetMinutes\": 120,"
                + " \"drillCleanupAfterMinutes\": 0",
            List.of(List.of(server(ReplicationState.CONTINUOUS, NO_LAG))));

    given()
        .get("/plans/{id}", planId)
        .then()
        .statusCode(200)
        .body("maxReplicationLagMinutes", equalTo(30))
        .body("rtoTargetMinutes", equalTo(120))
        .body("drillCleanupAfterMinutes", equalTo(0));
  }

  @Test
  void givenAnOptionOutOfRange_whenStored_then400AtItsPath() {
    given()
        .contentType(ContentType.JSON)
        .body(
            "{\"name\": \"x\", \"rtoTargetMinutes\": 0, \"waves\": [{\"id\": \"db\", \"region\":"
                + " \"us-east-1\", \"sourceServerIds\": [\""
                + DrsFixture.newServerId()
                + "\"]}]}")
        .put("/plans/{id}", "bad-rto")
        .then()
        .statusCode(400)
        .body("errors[0].path", equalTo("rtoTargetMinutes"));
  }

  @Test
  void givenTheEndpoint_thenAViewerMayReadItAndOnlyAViewer() throws Exception {
    Requires requires =
        ReadinessResource.class
            .getMethod("get", String.class, String.class, String.class)
            .getAnnotation(Requires.class);
    assertThat(requires.value()).containsExactly(Role.VIEWER);
    AccessCheck.Refusal planner =
        AccessCheck.check(
            new AccessCheck.Caller("pat", Set.of("planner")),
            requires.value(),
            "GET /plans/p/readiness");
    assertThat(planner.status()).isEqualTo(403);
    assertThat(planner.message()).contains("role 'viewer' required");
    assertThat(
            AccessCheck.check(
                new AccessCheck.Caller("vic", Set.of("viewer")),
                requires.value(),
                "GET /plans/p/readiness"))
        .isNull();
  }
}
