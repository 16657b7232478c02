package io.drsorch.plans.readiness;

import static io.drsorch.plans.readiness.DrsFixture.plan;
import static io.drsorch.plans.readiness.DrsFixture.server;
import static io.drsorch.plans.readiness.DrsFixture.simulator;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import io.drsorch.avro.ExecutionRequested;
import io.drsorch.avro.PreflightMode;
import io.drsorch.avro.PreflightVerdict;
import io.drsorch.avro.ServerProblem;
import io.drsorch.plans.KafkaTestResource;
import io.drsorch.plans.TestKafka;
import io.drsorch.schemas.topics.Topics;
import io.drsorch.simulator.servers.ReplicationState;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /plans/{id}/executions} checks the plan's servers in DRS first and records the
 * verdict, with the point in time, in the {@code ExecutionRequested} it publishes; the scheduler
 * does the rejecting. Against the DRS simulator, through the real AWS SDK.
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
class PreflightOnStartTest {

  private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

  private static String start(String planId, String body) {
    return given()
        .contentType(ContentType.JSON)
        .body(body)
        .post("/plans/{id}/executions", planId)
        .then()
        .statusCode(202)
        .extract()
        .path("executionId");
  }

  private static ExecutionRequested requestOf(String executionId) {
    return TestKafka.find(
            Topics.EXECUTION_REQUESTS,
            r -> r.value().getExecutionId().equals(executionId),
            READ_TIMEOUT)
        .orElseThrow(() -> new AssertionError("no ExecutionRequested for " + executionId))
        .value();
  }

  @Test
  void givenAStalledServer_whenStartedWithoutPreflight_thenTheRequestEnforcesTheVerdict() {
    // given
    String healthy = server(ReplicationState.CONTINUOUS, Duration.ZERO);
    String stalled = server(ReplicationState.STALLED, Duration.ZERO);
    String planId = plan("", List.of(List.of(healthy), List.of(stalled)));

    // when
    String executionId = start(planId, "{\"mode\": \"DRILL\"}");

    // then
    ExecutionRequested request = requestOf(executionId);
    PreflightVerdict verdict = request.getPreflight();
    assertThat(verdict.getMode()).isEqualTo(PreflightMode.ENFORCE);
    assertThat(verdict.getServersChecked()).isEqualTo(2);
    assertThat(verdict.getCheckedAt()).isBetween(Instant.now().minusSeconds(60), Instant.now());
    assertThat(verdict.getProblems())
        .extracting(
            ServerProblem::getSourceServerId, ServerProblem::getWaveId, ServerProblem::getProblems)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                stalled, "w1", List.of("replication is STALLED (a DRILL needs CONTINUOUS)")));
    assertThat(request.getPointInTime()).isNull();
  }

  @Test
  void givenWarnAndAPointInTime_whenStarted_thenTheRequestCarriesBoth() {
    // given: a recovery to an hour ago, of a server whose snapshots are all later
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    String late = server(ReplicationState.CONTINUOUS, Duration.ZERO);
    simulator().setRecoverySnapshots(DrsFixture.REGION, late, List.of(now.minusSeconds(60)));
    String planId = plan(List.of(late));
    Instant pointInTime = now.minus(Duration.ofHours(1));

    // when
    String executionId =
        start(
            planId,
            "{\"mode\": \"RECOVERY\", \"preflight\": \"WARN\", \"pointInTime\": \""
                + pointInTime
                + "\"}");

    // then
    ExecutionRequested request = requestOf(executionId);
    assertThat(request.getPointInTime()).isEqualTo(pointInTime);
    assertThat(request.getPreflight().getMode()).isEqualTo(PreflightMode.WARN);
    assertThat(request.getPreflight().getProblems()).hasSize(1);
    assertThat(request.getPreflight().getProblems().get(0).getProblems())
        .containsExactly(
            "no recovery snapshot at or before " + pointInTime + " (all its snapshots are later)");
  }

  @Test
  void givenAReadyPlanWithLifecycleOptions_whenStarted_thenAnEmptyVerdictAndTheFrozenOptions() {
    // given
    String planId =
        plan(
            "\"rtoTargetMinutes\": 45, \"drillCleanupAfterMinutes\": 30",
            List.of(List.of(server(ReplicationState.CONTINUOUS, Duration.ZERO))));

    // when
    String executionId = start(planId, "{\"mode\": \"DRILL\", \"preflight\": \"ENFORCE\"}");

    // then
    ExecutionRequested request = requestOf(executionId);
    assertThat(request.getPreflight().getProblems()).isEmpty();
    assertThat(request.getPreflight().getServersChecked()).isEqualTo(1);
    assertThat(request.getRtoTargetMinutes()).isEqualTo(45);
    assertThat(request.getDrillCleanupAfterMinutes()).isEqualTo(30);
  }

  @Test
  void givenABadPreflightOrPointInTime_whenStarted_then400NamingEachField() {
    String planId = plan(List.of(server(ReplicationState.CONTINUOUS, Duration.ZERO)));

    given()
        .contentType(ContentType.JSON)
        .body("{\"mode\": \"DRILL\", \"preflight\": \"SKIP\", \"pointInTime\": \"last tuesday\"}")
        .post("/plans/{id}/executions", planId)
        .then()
        .statusCode(400)
        .body("errors.path", hasItems("preflight", "pointInTime"))
        .body("errors[0].message", containsString("use ENFORCE"));
    given()
        .contentType(ContentType.JSON)
        .body(
            "{\"mode\": \"DRILL\", \"pointInTime\": \""
                + Instant.now().plus(Duration.ofHours(1))
                + "\"}")
        .post("/plans/{id}/executions", planId)
        .then()
        .statusCode(400)
        .body("errors[0].path", equalTo("pointInTime"))
        .body("errors[0].message", containsString("in the future"));
  }

  @Test
  void givenDrsUnreachable_whenStarted_then503AndNothingPublished() {
    // given
    String planId = plan(List.of(server(ReplicationState.CONTINUOUS, Duration.ZERO)));
    simulator().failNextCalls("DescribeSourceServers", "InternalServerException", 10, 0);
    try {
      // when / then
      given()
          .contentType(ContentType.JSON)
          .body("{\"mode\": \"DRILL\"}")
          .post("/plans/{id}/executions", planId)
          .then()
          .statusCode(503)
          .body("error", containsString("cannot check readiness"));
    } finally {
      simulator().clearFaults();
    }
    assertThat(
            TestKafka.find(
                Topics.EXECUTION_REQUESTS, r -> r.key().equals(planId), Duration.ofSeconds(3)))
        .isEmpty();
  }
}
