package io.drsorch.plans.executions;

import static io.drsorch.plans.Json.group;
import static io.drsorch.plans.Json.plan;
import static io.drsorch.plans.Json.server;
import static io.drsorch.plans.Json.uniqueId;
import static io.drsorch.plans.Json.wave;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.drsorch.avro.CancelExecution;
import io.drsorch.avro.CleanupView;
import io.drsorch.avro.ExecutionCommand;
import io.drsorch.avro.ExecutionMode;
import io.drsorch.avro.ExecutionRequested;
import io.drsorch.avro.ExecutionStatus;
import io.drsorch.avro.ExecutionUpdated;
import io.drsorch.avro.ExecutionWave;
import io.drsorch.avro.LaunchStatus;
import io.drsorch.avro.PreflightMode;
import io.drsorch.avro.PreflightVerdict;
import io.drsorch.avro.RtoEvidence;
import io.drsorch.avro.ServerLaunch;
import io.drsorch.avro.ServerProblem;
import io.drsorch.avro.WaveStatus;
import io.drsorch.avro.WaveView;
import io.drsorch.plans.KafkaTestResource;
import io.drsorch.plans.TestKafka;
import io.drsorch.schemas.topics.Topics;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
class ExecutionResourceTest {

  private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

  /** The default of plans.local-operator: who every request is recorded as. */
  private static final String LOCAL_OPERATOR = "local-operator";

  private static final String DB1 = server(301);
  private static final String DB2 = server(302);
  private static final String DB3 = server(303);
  private static final String APP = server(304);
  private static final String WEB = server(305);

  private static String startExecution(String planId, String mode) {
    return given()
        .contentType(ContentType.JSON)
        .header("X-Requested-By", "alice")
        .body("{\"mode\": \"" + mode + "\"}")
        .post("/plans/{id}/executions", planId)
        .then()
        .statusCode(202)
        .extract()
        .path("executionId");
  }

  private static ConsumerRecord<String, ExecutionRequested> requestOf(String executionId) {
    return TestKafka.find(
            Topics.EXECUTION_REQUESTS,
            r -> r.value().getExecutionId().equals(executionId),
            READ_TIMEOUT)
        .orElseThrow(() -> new AssertionError("no ExecutionRequested for " + executionId));
  }

  @Test
  void givenPlanWithProtectionGroups_whenExecuted_thenFrozenSnapshotWithResolvedServers() {
    // given: db takes the whole group, app a subset of another, web lists its server
    String dbGroup = uniqueId("group");
    String appGroup = uniqueId("group");
    String planId = uniqueId("plan");
    given()
        .contentType(ContentType.JSON)
        .body(group("us-east-1", List.of(DB1, DB2)))
        .put("/protection-groups/{id}", dbGroup)
        .then()
        .statusCode(200);
    given()
        .contentType(ContentType.JSON)
        .body(group("us-east-1", List.of(DB3, APP)))
        .put("/protection-groups/{id}", appGroup)
        .then()
        .statusCode(200);
    String body =
        plan(
            "Three tier",
            String.format(
                "{\"id\": \"db\", \"name\": \"Database\", \"region\": \"us-east-1\","
                    + " \"protectionGroupId\": \"%s\", \"timeoutMinutes\": 45}",
                dbGroup),
            String.format(
                "{\"id\": \"app\", \"region\": \"us-east-1\", \"protectionGroupId\": \"%s\","
                    + " \"sourceServerIds\": [\"%s\"], \"dependsOn\": [\"db\"]}",
                appGroup, APP),
            wave("web", List.of(WEB), List.of("app")));
    given()
        .contentType(ContentType.JSON)
        .body(body)
        .put("/plans/{id}", planId)
        .then()
        .statusCode(200);

    // when
    String executionId = startExecution(planId, "DRILL");

    // then
    ConsumerRecord<String, ExecutionRequested> record = requestOf(executionId);
    ExecutionRequested request = record.value();
    assertThat(record.key()).isEqualTo(planId);
    assertThat(request.getPlanId()).isEqualTo(planId);
    assertThat(request.getPlanVersion()).isEqualTo(1L);
    assertThat(request.getPlanName()).isEqualTo("Three tier");
    assertThat(request.getMode()).isEqualTo(ExecutionMode.DRILL);
    assertThat(request.getRequestedBy()).isEqualTo(LOCAL_OPERATOR);
    assertThat(request.getCausationId()).isNull();
    assertThat(request.getId()).isNotEqualTo(executionId);
    assertThat(request.getOccurredAt()).isBefore(Instant.now().plusSeconds(1));
    assertThat(request.getWaves())
        .extracting(
            ExecutionWave::getWaveId, ExecutionWave::getName, ExecutionWave::getSourceServerIds)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("db", "Database", List.of(DB1, DB2)),
            org.assertj.core.groups.Tuple.tuple("app", "app", List.of(APP)),
            org.assertj.core.groups.Tuple.tuple("web", "web", List.of(WEB)));
    ExecutionWave db = request.getWaves().get(0);
    assertThat(db.getRegion()).isEqualTo("us-east-1");
    assertThat(db.getAccountId()).isEqualTo("123456789012");
    assertThat(db.getTimeoutMinutes()).isEqualTo(45);
    assertThat(request.getWaves().get(1).getDependsOn()).containsExactly("db");
    assertThat(request.getWaves().get(2).getAccountId()).isNull();
  }

  @Test
  void givenAGatedPlanWithOptionalServers_whenExecuted_thenTheRequestFreezesThem() {
    // given
    String planId = uniqueId("gated");
    String db =
        wave("db", List.of(server(320), server(321)), List.of())
            .replace(
                "\"dependsOn\"",
                "\"approvalRequired\": true, \"approvalTimeoutMinutes\": 15,"
                    + " \"optionalServerIds\": [\""
                    + server(321)
                    + "\"], \"dependsOn\"");
    given()
        .contentType(ContentType.JSON)
        .body(plan("Gated", db, wave("app", List.of(server(322)), List.of("db"))))
        .put("/plans/{id}", planId)
        .then()
        .statusCode(200);

    // when
    String executionId = startExecution(planId, "DRILL");

    // then
    ExecutionRequested request = requestOf(executionId).value();
    ExecutionWave gated = request.getWaves().get(0);
    assertThat(gated.getApprovalRequired()).isTrue();
    assertThat(gated.getApprovalTimeoutMinutes()).isEqualTo(15);
    assertThat(gated.getOptionalServerIds()).containsExactly(server(321));
    assertThat(request.getWaves().get(1).getApprovalRequired()).isFalse();
    assertThat(request.getWaves()).allSatisfy(w -> assertThat(w.getCarriedOver()).isNull());
    assertThat(request.getRetryOf()).isNull();
  }

  @Test
  void givenExecutionRequested_whenPlanEditedAfterwards_thenTheRequestKeepsItsSnapshot() {
    // given
    String planId = uniqueId("plan");
    given()
        .contentType(ContentType.JSON)
        .body(plan("Before", wave("db", List.of(DB1), List.of())))
        .put("/plans/{id}", planId)
        .then()
        .statusCode(200);
    String first = startExecution(planId, "RECOVERY");

    // when
    given()
        .contentType(ContentType.JSON)
        .body(plan("After", wave("db", List.of(DB2), List.of())))
        .put("/plans/{id}", planId)
        .then()
        .statusCode(200);
    String second = startExecution(planId, "DRILL");

    // then
    ExecutionRequested before = requestOf(first).value();
    ExecutionRequested after = requestOf(second).value();
    assertThat(before.getMode()).isEqualTo(ExecutionMode.RECOVERY);
    assertThat(before.getPlanVersion()).isEqualTo(1L);
    assertThat(before.getPlanName()).isEqualTo("Before");
    assertThat(before.getWaves().get(0).getSourceServerIds()).containsExactly(DB1);
    assertThat(after.getPlanVersion()).isEqualTo(2L);
    assertThat(after.getWaves().get(0).getSourceServerIds()).containsExactly(DB2);
  }

  @Test
  void givenPlanWithTimeouts_whenExecuted_thenTheRequestFreezesThem() {
    // given
    String planId = uniqueId("timed");
    given()
        .contentType(ContentType.JSON)
        .body(
            "{\"name\": \"Timed\", \"waveTimeoutMinutes\": 20, \"executionTimeoutMinutes\": 90,"
                + " \"waves\": ["
                + wave("db", List.of(server(310)), List.of())
                + "]}")
        .put("/plans/{id}", planId)
        .then()
        .statusCode(200);

    // when
    String executionId = startExecution(planId, "DRILL");

    // then
    ExecutionRequested request = requestOf(executionId).value();
    assertThat(request.getWaveTimeoutMinutes()).isEqualTo(20);
    assertThat(request.getExecutionTimeoutMinutes()).isEqualTo(90);
  }

  @Test
  void givenARequesterHeader_whenExecuted_thenIgnoredAndTheLocalOperatorRecorded() {
    // given: a name in the header proves nothing until callers are authenticated
    String planId = uniqueId("plan");
    given()
        .contentType(ContentType.JSON)
        .body(plan("p", wave("db", List.of(server(311)), List.of())))
        .put("/plans/{id}", planId)
        .then()
        .statusCode(200);

    // when
    String overlong =
        given()
            .contentType(ContentType.JSON)
            .header("X-Requested-By", "a".repeat(300))
            .body("{\"mode\": \"DRILL\"}")
            .post("/plans/{id}/executions", planId)
            .then()
            .statusCode(202)
            .extract()
            .path("executionId");
    String none =
        given()
            .contentType(ContentType.JSON)
            .body("{\"mode\": \"DRILL\"}")
            .post("/plans/{id}/executions", planId)
            .then()
            .statusCode(202)
            .extract()
            .path("executionId");

    // then: plans.local-operator, by default "local-operator"
    assertThat(requestOf(overlong).value().getRequestedBy()).isEqualTo(LOCAL_OPERATOR);
    assertThat(requestOf(none).value().getRequestedBy()).isEqualTo(LOCAL_OPERATOR);
  }

  @Test
  void givenBadModeOrUnknownPlan_whenExecuted_then400Or404() {
    // given
    String planId = uniqueId("plan");
    given()
        .contentType(ContentType.JSON)
        .body(plan("p", wave("db", List.of(DB1), List.of())))
        .put("/plans/{id}", planId)
        .then()
        .statusCode(200);

    // then
    for (String body : List.of("{}", "{\"mode\": \"drill\"}", "{\"mode\": \"TEST\"}", "")) {
      given()
          .contentType(ContentType.JSON)
          .body(body)
          .post("/plans/{id}/executions", planId)
          .then()
          .statusCode(400)
          .body("errors[0].path", equalTo("mode"));
    }
    given()
        .contentType(ContentType.JSON)
        .body("{\"mode\": \"DRILL\"}")
        .post("/plans/{id}/executions", "no-such-plan")
        .then()
        .statusCode(404)
        .body("error", containsString("no-such-plan"));
  }

  private static ExecutionUpdated view(
      String executionId, String planId, long sequence, ExecutionStatus status, Instant started) {
    WaveView db =
        WaveView.newBuilder()
            .setWaveId("db")
            .setName("Database")
            .setRegion("us-east-1")
            .setStatus(
                status == ExecutionStatus.RUNNING ? WaveStatus.RUNNING : WaveStatus.COMPLETED)
            .setDependsOn(List.of())
            .setAttempt(1)
            .setJobIds(List.of("drsjob-0123456789abcdef0"))
            .setStartedAt(started)
            .setEndedAt(status == ExecutionStatus.RUNNING ? null : started.plusSeconds(60))
            .setReason(null)
            .setServers(
                List.of(
                    ServerLaunch.newBuilder()
                        .setSourceServerId(DB1)
                        .setLaunchStatus(LaunchStatus.LAUNCHED)
                        .setRecoveryInstanceId("i-0123456789abcdef0")
                        .setJobId("drsjob-0123456789abcdef0")
                        .build()))
            .build();
    WaveView app =
        WaveView.newBuilder()
            .setWaveId("app")
            .setName("app")
            .setRegion("us-east-1")
            .setStatus(WaveStatus.PENDING)
            .setDependsOn(List.of("db"))
            .build();
    return ExecutionUpdated.newBuilder()
        .setId(UUID.randomUUID().toString())
        .setExecutionId(executionId)
        .setOccurredAt(started)
        .setCausationId(null)
        .setSequence(sequence)
        .setPlanId(planId)
        .setPlanVersion(3)
        .setPlanName("Three tier")
        .setMode(ExecutionMode.DRILL)
        .setRequestedBy("alice")
        .setStatus(status)
        .setReason(status == ExecutionStatus.RUNNING ? null : "done")
        .setStartedAt(started)
        .setEndedAt(status == ExecutionStatus.RUNNING ? null : started.plusSeconds(120))
        .setWaves(List.of(db, app))
        .build();
  }

  @Test
  void givenSchedulerView_whenGetExecution_thenContractShapeWithIsoTimes() throws Exception {
    // given
    String executionId = UUID.randomUUID().toString();
    String planId = uniqueId("plan");
    Instant started = Instant.parse("2026-11-22T10:15:30.123Z");
    given().get("/executions/{id}", executionId).then().statusCode(404);

    // when
    TestKafka.produce(
        Topics.EXECUTIONS,
        executionId,
        view(executionId, planId, 1, ExecutionStatus.RUNNING, started));

    // then
    await()
        .atMost(READ_TIMEOUT)
        .untilAsserted(() -> given().get("/executions/{id}", executionId).then().statusCode(200));
    given()
        .get("/executions/{id}", executionId)
        .then()
        .contentType(ContentType.JSON)
        .body("executionId", equalTo(executionId))
        .body("planId", equalTo(planId))
        .body("planVersion", equalTo(3))
        .body("mode", equalTo("DRILL"))
        .body("status", equalTo("RUNNING"))
        .body("reason", nullValue())
        .body("startedAt", equalTo("2026-11-22T10:15:30.123Z"))
        .body("endedAt", nullValue())
        .body("waves.waveId", contains("db", "app"))
        .body("waves[0].name", equalTo("Database"))
        .body("waves[0].status", equalTo("RUNNING"))
        .body("waves[0].attempt", equalTo(1))
        .body("waves[0].jobIds", contains("drsjob-0123456789abcdef0"))
        .body("waves[0].startedAt", equalTo("2026-11-22T10:15:30.123Z"))
        .body("waves[0].endedAt", nullValue())
        .body("waves[0].servers[0].sourceServerId", equalTo(DB1))
        .body("waves[0].servers[0].launchStatus", equalTo("LAUNCHED"))
        .body("waves[0].servers[0].recoveryInstanceId", equalTo("i-0123456789abcdef0"))
        .body("waves[1].status", equalTo("PENDING"))
        .body("waves[1].dependsOn", contains("db"))
        .body("waves[1].startedAt", nullValue());
  }

  @Test
  void givenAViewWithOperatorControl_whenGet_thenItsFieldsAfterTheExistingOnes() throws Exception {
    // given: a paused retry whose app wave was approved and db carried over, marked done by dave
    String executionId = UUID.randomUUID().toString();
    Instant started = Instant.parse("2026-11-22T10:15:30.123Z");
    ExecutionUpdated view =
        view(executionId, uniqueId("plan"), 1, ExecutionStatus.RUNNING, started);
    view.setStatus(ExecutionStatus.PAUSED);
    view.setRetryOf("e-before");
    view.setPausedBy("erin");
    view.setPausedAt(started.plusSeconds(30));
    WaveView db = view.getWaves().get(0);
    db.setCarriedOverFrom("e-before");
    db.setOverrideBy("dave");
    db.setOptionalServerIds(List.of(DB1));
    db.setFailedOptionalServers(List.of(DB1));
    WaveView app = view.getWaves().get(1);
    app.setApprovalRequired(true);
    app.setApprovalTimeoutMinutes(20);
    app.setWaitingSince(started.plusSeconds(10));
    app.setApprovedBy("frank");
    app.setApprovedAt(started.plusSeconds(20));
    app.setComment("go");

    // when
    TestKafka.produce(Topics.EXECUTIONS, executionId, view);

    // then
    await()
        .atMost(READ_TIMEOUT)
        .untilAsserted(() -> given().get("/executions/{id}", executionId).then().statusCode(200));
    String body =
        given()
            .get("/executions/{id}", executionId)
            .then()
            .body("status", equalTo("PAUSED"))
            .body("retryOf", equalTo("e-before"))
            .body("retriedBy", nullValue())
            .body("pausedBy", equalTo("erin"))
            .body("pausedAt", equalTo("2026-11-22T10:16:00.123Z"))
            .body("waves[0].carriedOverFrom", equalTo("e-before"))
            .body("waves[0].overrideBy", equalTo("dave"))
            .body("waves[0].optionalServerIds", contains(DB1))
            .body("waves[0].failedOptionalServers", contains(DB1))
            .body("waves[0].approvalRequired", equalTo(false))
            .body("waves[0].approvedBy", nullValue())
            .body("waves[1].approvalRequired", equalTo(true))
            .body("waves[1].approvalTimeoutMinutes", equalTo(20))
            .body("waves[1].waitingSince", equalTo("2026-11-22T10:15:40.123Z"))
            .body("waves[1].approvedBy", equalTo("frank"))
            .body("waves[1].approvedAt", equalTo("2026-11-22T10:15:50.123Z"))
            .body("waves[1].comment", equalTo("go"))
            .body("waves[1].carriedOverFrom", nullValue())
            .extract()
            .asString();
    JsonNode json = new ObjectMapper().readTree(body);
    assertThat(fieldNames(json.fieldNames()))
        .containsExactly(
            "executionId",
            "planId",
            "planVersion",
            "planName",
            "mode",
            "requestedBy",
            "status",
            "reason",
            "startedAt",
            "endedAt",
            "waves",
            "retryOf",
            "retriedBy",
            "pausedBy",
            "pausedAt",
            "pointInTime",
            "preflight",
            "rto",
            "drillCleanupAfterMinutes",
            "cleanup");
    assertThat(fieldNames(json.get("waves").get(0).fieldNames()))
        .containsExactly(
            "waveId",
            "name",
            "region",
            "status",
            "dependsOn",
            "attempt",
            "jobIds",
            "startedAt",
            "endedAt",
            "reason",
            "servers",
            "approvalRequired",
            "approvalTimeoutMinutes",
            "waitingSince",
            "approvedBy",
            "approvedAt",
            "comment",
            "optionalServerIds",
            "failedOptionalServers",
            "carriedOverFrom",
            "overrideBy",
            "actions");
  }

  @Test
  void givenAViewWithDrillLifecycleFields_whenGet_thenTheyAreShownWithIsoTimes() throws Exception {
    // given: a WARN drill to a point in time, measured against its RTO, cleaned up
    String executionId = UUID.randomUUID().toString();
    Instant started = Instant.parse("2026-11-22T10:15:30.123Z");
    ExecutionUpdated view =
        view(executionId, uniqueId("plan"), 7, ExecutionStatus.COMPLETED, started);
    view.setPointInTime(Instant.parse("2026-11-22T09:00:00Z"));
    view.setPreflight(
        PreflightVerdict.newBuilder()
            .setMode(PreflightMode.WARN)
            .setCheckedAt(started.minusSeconds(1))
            .setServersChecked(2)
            .setProblems(
                List.of(
                    ServerProblem.newBuilder()
                        .setSourceServerId(DB1)
                        .setWaveId("db")
                        .setProblems(List.of("replication lag 20 min (at most 15)"))
                        .build()))
            .build());
    view.setRto(
        RtoEvidence.newBuilder()
            .setTargetMinutes(30)
            .setMeasuredSeconds(540L)
            .setMet(true)
            .build());
    view.setDrillCleanupAfterMinutes(60);
    view.setCleanup(
        CleanupView.newBuilder()
            .setStatus("COMPLETED")
            .setRequestedBy("alice")
            .setRequestedAt(started.plusSeconds(600))
            .setEndedAt(started.plusSeconds(700))
            .setJobIds(List.of("drsjob-terminate"))
            .setInstanceIds(List.of("i-0123456789abcdef0"))
            .setTerminatedInstanceIds(List.of("i-0123456789abcdef0"))
            .build());
    ServerLaunch server = view.getWaves().get(0).getServers().get(0);
    server.setSnapshotId("pit-0123456789abcdef0");
    server.setSnapshotTakenAt(Instant.parse("2026-11-22T08:55:00Z"));
    server.setRpoSeconds(4830L);

    // when
    TestKafka.produce(Topics.EXECUTIONS, executionId, view);

    // then
    await()
        .atMost(READ_TIMEOUT)
        .untilAsserted(() -> given().get("/executions/{id}", executionId).then().statusCode(200));
    given()
        .get("/executions/{id}", executionId)
        .then()
        .body("pointInTime", equalTo("2026-11-22T09:00:00Z"))
        .body("preflight.mode", equalTo("WARN"))
        .body("preflight.checkedAt", equalTo("2026-11-22T10:15:29.123Z"))
        .body("preflight.serversChecked", equalTo(2))
        .body("preflight.problems[0].sourceServerId", equalTo(DB1))
        .body("preflight.problems[0].waveId", equalTo("db"))
        .body("preflight.problems[0].problems", contains("replication lag 20 min (at most 15)"))
        .body("rto.targetMinutes", equalTo(30))
        .body("rto.measuredSeconds", equalTo(540))
        .body("rto.met", equalTo(true))
        .body("drillCleanupAfterMinutes", equalTo(60))
        .body("cleanup.status", equalTo("COMPLETED"))
        .body("cleanup.requestedBy", equalTo("alice"))
        .body("cleanup.requestedAt", equalTo("2026-11-22T10:25:30.123Z"))
        .body("cleanup.endedAt", equalTo("2026-11-22T10:27:10.123Z"))
        .body("cleanup.jobIds", contains("drsjob-terminate"))
        .body("cleanup.instanceIds", contains("i-0123456789abcdef0"))
        .body("cleanup.terminatedInstanceIds", contains("i-0123456789abcdef0"))
        .body("cleanup.reason", nullValue())
        .body("waves[0].servers[0].snapshotId", equalTo("pit-0123456789abcdef0"))
        .body("waves[0].servers[0].snapshotTakenAt", equalTo("2026-11-22T08:55:00Z"))
        .body("waves[0].servers[0].rpoSeconds", equalTo(4830));
  }

  @Test
  void givenAViewWithoutDrillLifecycleFields_whenGet_thenTheyAreNull() throws Exception {
    // given
    String executionId = UUID.randomUUID().toString();
    TestKafka.produce(
        Topics.EXECUTIONS,
        executionId,
        view(executionId, uniqueId("plan"), 1, ExecutionStatus.RUNNING, Instant.now()));

    // then
    await()
        .atMost(READ_TIMEOUT)
        .untilAsserted(() -> given().get("/executions/{id}", executionId).then().statusCode(200));
    given()
        .get("/executions/{id}", executionId)
        .then()
        .body("pointInTime", nullValue())
        .body("preflight", nullValue())
        .body("rto", nullValue())
        .body("cleanup", nullValue())
        .body("waves[0].servers[0].snapshotId", nullValue())
        .body("waves[0].servers[0].rpoSeconds", nullValue());
  }

  private static List<String> fieldNames(Iterator<String> names) {
    List<String> list = new ArrayList<>();
    names.forEachRemaining(list::add);
    return list;
  }

  @Test
  void givenSeveralExecutionsOfAPlan_whenListed_thenNewestFirstAndOnlyThatPlan() throws Exception {
    // given
    String planId = uniqueId("plan");
    String older = UUID.randomUUID().toString();
    String newer = UUID.randomUUID().toString();
    String other = UUID.randomUUID().toString();
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    TestKafka.produce(
        Topics.EXECUTIONS,
        older,
        view(older, planId, 2, ExecutionStatus.COMPLETED, now.minusSeconds(600)));
    TestKafka.produce(
        Topics.EXECUTIONS, newer, view(newer, planId, 1, ExecutionStatus.RUNNING, now));
    TestKafka.produce(
        Topics.EXECUTIONS, other, view(other, uniqueId("plan"), 1, ExecutionStatus.RUNNING, now));

    // when / then
    await()
        .atMost(READ_TIMEOUT)
        .untilAsserted(
            () ->
                given()
                    .queryParam("planId", planId)
                    .get("/executions")
                    .then()
                    .statusCode(200)
                    .body("executionId", contains(newer, older))
                    .body("status", contains("RUNNING", "COMPLETED")));
  }

  @Test
  void givenRunningExecution_whenCancelled_thenCancelCommandProduced() throws Exception {
    // given
    String executionId = UUID.randomUUID().toString();
    TestKafka.produce(
        Topics.EXECUTIONS,
        executionId,
        view(executionId, uniqueId("plan"), 1, ExecutionStatus.RUNNING, Instant.now()));
    await()
        .atMost(READ_TIMEOUT)
        .untilAsserted(() -> given().get("/executions/{id}", executionId).then().statusCode(200));

    // when
    String commandId =
        given()
            .contentType(ContentType.JSON)
            .header("X-Requested-By", "bob")
            .body("{\"reason\": \"wrong plan\"}")
            .post("/executions/{id}/cancel", executionId)
            .then()
            .statusCode(202)
            .body("executionId", equalTo(executionId))
            .extract()
            .path("commandId");

    // then
    ConsumerRecord<String, ExecutionCommand> record =
        TestKafka.find(
                Topics.EXECUTION_COMMANDS,
                r ->
                    r.value().getCommand() instanceof CancelExecution c
                        && c.getExecutionId().equals(executionId),
                READ_TIMEOUT)
            .orElseThrow();
    CancelExecution cancel = (CancelExecution) record.value().getCommand();
    assertThat(record.key()).isEqualTo(executionId);
    assertThat(cancel.getId()).isEqualTo(commandId);
    assertThat(cancel.getRequestedBy()).isEqualTo(LOCAL_OPERATOR);
    assertThat(cancel.getReason()).isEqualTo("wrong plan");
    assertThat(cancel.getOccurredAt()).isNotNull();
  }

  @Test
  void givenEndedOrUnknownExecution_whenCancelled_then409Or404() throws Exception {
    // given
    String ended = UUID.randomUUID().toString();
    TestKafka.produce(
        Topics.EXECUTIONS,
        ended,
        view(ended, uniqueId("plan"), 5, ExecutionStatus.COMPLETED, Instant.now()));
    await()
        .atMost(READ_TIMEOUT)
        .untilAsserted(() -> given().get("/executions/{id}", ended).then().statusCode(200));

    // then
    given()
        .post("/executions/{id}/cancel", ended)
        .then()
        .statusCode(409)
        .body("error", containsString("COMPLETED"));
    given().post("/executions/{id}/cancel", UUID.randomUUID().toString()).then().statusCode(404);
  }
}
