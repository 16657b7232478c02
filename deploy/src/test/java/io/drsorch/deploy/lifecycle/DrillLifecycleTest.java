package io.drsorch.deploy.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.drsorch.deploy.client.ServerIds;
import io.drsorch.deploy.e2e.LocalStack;
import io.drsorch.deploy.support.Drills;
import io.drsorch.deploy.support.SimulatorJobs;
import io.drsorch.drctl.cli.Captured;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.drs.DrsClient;
import software.amazon.awssdk.services.drs.model.Job;
import software.amazon.awssdk.services.drs.model.ParticipatingServer;
import software.amazon.awssdk.services.drs.model.RecoveryInstance;

/**
 * The drill lifecycle on the whole local stack, judged by what DRS (the simulator) really did:
 * pre-flight readiness refuses a drill of a stalled server before anything launches (and runs it
 * when told to only warn), a point-in-time drill launches every server from its snapshot at or
 * before the time, the views carry the recovery time and point evidence, and every one of these
 * executions passes the audit's replay.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DrillLifecycleTest {

  /** The stack the fault, hostile-input and operator tests run on, started once for all. */
  @RegisterExtension
  static final LocalStack STACK =
      LocalStack.shared(
          "faults-stack", Map.of("SIM_PENDING_SECONDS", "0.5", "SIM_STARTED_SECONDS", "1"));

  private static final Duration LIMIT = Duration.ofSeconds(90);
  private static final List<String> EXECUTIONS = new CopyOnWriteArrayList<>();

  private static Drills drills;
  private static DrsClient drs;

  @BeforeAll
  static void connect() {
    drills = new Drills(STACK);
    drs = STACK.drs();
  }

  @AfterAll
  static void close() {
    if (drs != null) {
      drs.close();
    }
  }

  @Order(1)
  @Test
  void givenAStalledServer_whenChecked_thenReadinessNamesItAndADrillIsRejectedLaunchingNothing() {
    // given db (one server STALLED, one healthy) -> app
    Map<String, List<String>> servers = drills.servers(1, "app");
    List<String> db = new ArrayList<>(drills.servers(1, "db").get("db"));
    String stalled = ServerIds.fresh(1).get(0);
    drills.simulator().addSourceServers(Drills.REGION, List.of(stalled), "STALLED", 30.0);
    db.add(stalled);
    servers.put("db", db);
    String planId = store(servers, Map.of("app", List.of("db")), Map.of());

    // when
    JsonNode readiness = drills.plans().readiness(planId, "DRILL");

    // then
    assertThat(readiness.path("ready").asBoolean()).as("%s", readiness).isFalse();
    JsonNode stalledServer = server(readiness, stalled);
    assertThat(stalledServer.path("ready").asBoolean()).isFalse();
    assertThat(stalledServer.path("waveId").asText()).isEqualTo("db");
    assertThat(stalledServer.path("replicationState").asText()).isEqualTo("STALLED");
    assertThat(stalledServer.path("problems").toString()).contains("STALLED");
    assertThat(server(readiness, db.get(0)).path("ready").asBoolean()).isTrue();
    assertThat(server(readiness, servers.get("app").get(0)).path("ready").asBoolean()).isTrue();

    // and drctl prints the same, exiting 8 (not ready)
    Captured check = Captured.run("plan", "check", planId, "--url", STACK.planServiceUrl());
    assertThat(check.code()).as(check.out() + check.err()).isEqualTo(8);
    assertThat(check.out()).contains(stalled).contains("STALLED").contains("NOT ready");

    // and when a drill is started: REJECTED naming the server, and nothing launched
    String executionId = drills.plans().startExecution(planId, Map.of("mode", "DRILL"));
    EXECUTIONS.add(executionId);
    JsonNode view = drills.awaitEnd(executionId, LIMIT);
    assertThat(view.path("status").asText()).as("%s", view).isEqualTo("REJECTED");
    assertThat(view.path("reason").asText())
        .contains("pre-flight")
        .contains(stalled)
        .contains("STALLED");
    assertThat(view.path("preflight").path("problems").toString()).contains(stalled);
    assertThat(jobs().of(executionId)).as("jobs of a rejected drill").isEmpty();

    // and with "preflight": "WARN" it runs, the problems recorded in its view
    String warned =
        drills.plans().startExecution(planId, Map.of("mode", "DRILL", "preflight", "WARN"));
    EXECUTIONS.add(warned);
    JsonNode ran = drills.awaitEnd(warned, LIMIT);
    assertThat(ran.path("status").asText()).as("%s", ran).isEqualTo("COMPLETED");
    assertThat(ran.path("preflight").path("mode").asText()).isEqualTo("WARN");
    assertThat(ran.path("preflight").path("problems").toString()).contains(stalled);
    assertThat(jobs().of(warned)).hasSize(2);
  }

  @Order(2)
  @Test
  void
      givenSnapshotsOnEitherSideOfAPointInTime_whenDrilled_thenEveryServerLaunchesFromTheOneBefore() {
    // given two waves of two servers, each with snapshots 3 h, 2 h and 1 h ago
    Map<String, List<String>> servers = drills.servers(2, "db", "app");
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    List<Instant> times =
        List.of(
            now.minus(Duration.ofHours(3)),
            now.minus(Duration.ofHours(2)),
            now.minus(Duration.ofHours(1)));
    Map<String, String> expectedSnapshot = new HashMap<>();
    servers.values().stream()
        .flatMap(List::stream)
        .forEach(
            id ->
                expectedSnapshot.put(
                    id, drills.simulator().setSnapshotTimes(Drills.REGION, id, times).get(1)));
    String planId = store(servers, Map.of("app", List.of("db")), Map.of("rtoTargetMinutes", 30));
    Instant pointInTime = now.minus(Duration.ofMinutes(90));

    // when
    String executionId =
        drills
            .plans()
            .startExecution(planId, Map.of("mode", "DRILL", "pointInTime", pointInTime.toString()));
    EXECUTIONS.add(executionId);
    JsonNode view = drills.awaitEnd(executionId, LIMIT);

    // then: DRS launched each server from its 2 h snapshot
    assertThat(view.path("status").asText()).as("%s", view).isEqualTo("COMPLETED");
    assertThat(Instant.parse(view.path("pointInTime").asText())).isEqualTo(pointInTime);
    // (each job's participating servers, through the recovery instance each launched)
    Map<String, Instant> instanceFrom = new HashMap<>();
    for (RecoveryInstance instance :
        drs.describeRecoveryInstancesPaginator(
                r -> r.filters(f -> f.sourceServerIDs(expectedSnapshot.keySet())))
            .items()) {
      instanceFrom.put(
          instance.recoveryInstanceID(), Instant.parse(instance.pointInTimeSnapshotDateTime()));
    }
    Map<String, Instant> launchedFrom = new HashMap<>();
    for (Job job : jobs().of(executionId)) {
      for (ParticipatingServer server : job.participatingServers()) {
        launchedFrom.put(server.sourceServerID(), instanceFrom.get(server.recoveryInstanceID()));
      }
    }
    assertThat(launchedFrom).hasSize(4);
    assertThat(launchedFrom.values()).containsOnly(times.get(1));

    // and the view shows each server's snapshot, its recovery point age and the recovery time
    Instant requested = Instant.parse(view.path("startedAt").asText());
    for (String waveId : List.of("db", "app")) {
      for (JsonNode server : Drills.wave(view, waveId).path("servers")) {
        String id = server.path("sourceServerId").asText();
        assertThat(server.path("snapshotId").asText()).as(id).isEqualTo(expectedSnapshot.get(id));
        assertThat(Instant.parse(server.path("snapshotTakenAt").asText())).isEqualTo(times.get(1));
        assertThat(server.path("rpoSeconds").asLong())
            .isEqualTo(Duration.between(times.get(1), requested).toSeconds());
      }
    }
    JsonNode rto = view.path("rto");
    assertThat(rto.path("targetMinutes").asInt()).isEqualTo(30);
    assertThat(rto.path("measuredSeconds").asLong())
        .isEqualTo(
            Duration.between(requested, Instant.parse(view.path("endedAt").asText())).toSeconds());
    assertThat(rto.path("met").asBoolean()).isTrue();
  }

  @Order(3)
  @Test
  void givenAPointInTimeBeforeAServersFirstSnapshot_whenDrilled_thenRejectedNamingIt() {
    Map<String, List<String>> servers = drills.servers(1, "db");
    String planId = store(servers, Map.of(), Map.of());
    Instant before = Instant.now().minus(Duration.ofDays(1));

    JsonNode readiness = drills.plans().readiness(planId, "DRILL");
    assertThat(readiness.path("ready").asBoolean()).as("%s", readiness).isTrue();

    String executionId =
        drills
            .plans()
            .startExecution(planId, Map.of("mode", "DRILL", "pointInTime", before.toString()));
    EXECUTIONS.add(executionId);
    JsonNode view = drills.awaitEnd(executionId, LIMIT);
    assertThat(view.path("status").asText()).as("%s", view).isEqualTo("REJECTED");
    assertThat(view.path("reason").asText())
        .contains(servers.get("db").get(0))
        .contains("snapshot");
    assertThat(jobs().of(executionId)).isEmpty();
  }

  @Order(4)
  @Test
  void
      givenTwoEndedDrills_whenOneIsCleanedUp_thenExactlyItsInstancesAreTerminatedByTerminateJobs() {
    // given two drills of different servers, both COMPLETED, their instances running
    String first = drill(drills.servers(2, "db", "app"), Map.of());
    String second = drill(drills.servers(1, "db"), Map.of());
    List<String> firstInstances = instancesOf(drills.awaitEnd(first, LIMIT));
    List<String> secondInstances = instancesOf(drills.awaitEnd(second, LIMIT));
    assertThat(firstInstances).hasSize(4);
    assertThat(listed(firstInstances)).containsExactlyInAnyOrderElementsOf(firstInstances);

    // when
    JsonNode answer = drills.plans().cleanup(first).expect(202, "clean up " + first).body();
    assertThat(answer.path("executionId").asText()).isEqualTo(first);
    JsonNode cleanup = awaitCleanup(first);

    // then DRS no longer lists the first drill's instances, and still lists the second's
    assertThat(cleanup.path("status").asText()).as("%s", cleanup).isEqualTo("COMPLETED");
    assertThat(strings(cleanup.path("terminatedInstanceIds")))
        .containsExactlyInAnyOrderElementsOf(firstInstances);
    assertThat(listed(firstInstances)).isEmpty();
    assertThat(listed(secondInstances)).containsExactlyElementsOf(secondInstances);
    // and its TERMINATE jobs are DRS's own, named in the view
    List<String> jobIds = strings(cleanup.path("jobIds"));
    assertThat(jobIds).isNotEmpty();
    for (String jobId : jobIds) {
      assertThat(drs.describeJobs(r -> r.filters(f -> f.jobIDs(jobId))).items())
          .singleElement()
          .satisfies(job -> assertThat(job.typeAsString()).isEqualTo("TERMINATE"));
    }

    // and asked again, it answers with that state and terminates nothing more
    long terminations =
        drills.simulator().callCounts().getOrDefault("TerminateRecoveryInstances", 0L);
    JsonNode again = drills.plans().cleanup(first).expect(202, "clean up again").body();
    assertThat(again.path("cleanup").path("status").asText()).isEqualTo("COMPLETED");
    assertThat(drills.simulator().callCounts().getOrDefault("TerminateRecoveryInstances", 0L))
        .isEqualTo(terminations);
  }

  @Order(5)
  @Test
  void givenADrillCleanupDelay_whenTheDrillEnds_thenItsInstancesAreTerminatedWithoutBeingAsked() {
    String executionId = drill(drills.servers(1, "db"), Map.of("drillCleanupAfterMinutes", 0));
    List<String> instances = instancesOf(drills.awaitEnd(executionId, LIMIT));

    JsonNode cleanup = awaitCleanup(executionId);

    assertThat(cleanup.path("status").asText()).as("%s", cleanup).isEqualTo("COMPLETED");
    assertThat(cleanup.path("requestedBy").asText()).isEqualTo("drillCleanupAfterMinutes");
    assertThat(listed(instances)).isEmpty();
  }

  @Order(6)
  @Test
  void givenARecovery_whenCleanupIsAsked_thenRefusedAndItsInstancesStay() {
    Map<String, List<String>> servers = drills.servers(1, "db");
    String planId = store(servers, Map.of(), Map.of());
    String executionId = drills.plans().startExecution(planId, Map.of("mode", "RECOVERY"));
    EXECUTIONS.add(executionId);
    List<String> instances = instancesOf(drills.awaitEnd(executionId, LIMIT));

    assertThat(drills.plans().cleanup(executionId).status()).isEqualTo(409);
    assertThat(listed(instances)).containsExactlyElementsOf(instances);
  }

  @Order(7)
  @Test
  void givenThreeDrillsOfAPlanWithAnRto_whenReported_thenEachRecoveryTimeIsShownAgainstTheTarget() {
    // given three drills of one plan, one after the other, the last cleaned up with drctl
    Map<String, List<String>> servers = drills.servers(1, "db", "app");
    String planId = store(servers, Map.of("app", List.of("db")), Map.of("rtoTargetMinutes", 10));
    List<String> runs = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      String executionId = drills.plans().startExecution(planId, Map.of("mode", "DRILL"));
      EXECUTIONS.add(executionId);
      runs.add(executionId);
      assertThat(drills.awaitEnd(executionId, LIMIT).path("status").asText())
          .isEqualTo("COMPLETED");
    }
    Captured cleanup =
        Captured.run("cleanup", runs.get(2), "--wait", "--url", STACK.planServiceUrl());
    assertThat(cleanup.code()).as(cleanup.out() + cleanup.err()).isZero();
    assertThat(cleanup.out()).contains("COMPLETED");

    // when
    Captured report =
        Captured.run(
            "report",
            "--plan",
            planId,
            "--since",
            "1d",
            "--bootstrap-server",
            STACK.bootstrapServers(),
            "--schema-registry",
            STACK.registryUrl());

    // then one line per drill, each met against 10 min, and the cleanup of the last
    assertThat(report.code()).as(report.out() + report.err()).isZero();
    for (String executionId : runs) {
      assertThat(report.out().lines().filter(l -> l.contains(executionId)))
          .singleElement()
          .satisfies(line -> assertThat(line).contains("DRILL").contains("/ 10 min: met"));
    }
    // the status and, for the last only, its cleanup
    assertThat(completedIn(report.out(), runs.get(0))).isEqualTo(1);
    assertThat(completedIn(report.out(), runs.get(2))).isEqualTo(2);
    assertThat(report.out()).contains("3 drills, 0 recoveries; RTO met 3 of 3 with a target");
  }

  private static long completedIn(String report, String executionId) {
    String line = report.lines().filter(l -> l.contains(executionId)).findFirst().orElseThrow();
    return java.util.regex.Pattern.compile("COMPLETED").matcher(line).results().count();
  }

  /** Starts a drill of a new plan of these waves (each depending on none), with plan options. */
  private static String drill(Map<String, List<String>> servers, Map<String, Object> options) {
    String planId = store(servers, Map.of(), options);
    String executionId = drills.plans().startExecution(planId, Map.of("mode", "DRILL"));
    EXECUTIONS.add(executionId);
    return executionId;
  }

  private static List<String> instancesOf(JsonNode view) {
    assertThat(view.path("status").asText()).as("%s", view).isEqualTo("COMPLETED");
    List<String> ids = new ArrayList<>();
    for (JsonNode wave : view.path("waves")) {
      for (JsonNode server : wave.path("servers")) {
        ids.add(server.path("recoveryInstanceId").asText());
      }
    }
    return ids;
  }

  /** Which of these instances DRS still lists. */
  private static List<String> listed(List<String> instanceIds) {
    List<String> listed = new ArrayList<>();
    drs.describeRecoveryInstancesPaginator(r -> r.filters(f -> f.recoveryInstanceIDs(instanceIds)))
        .items()
        .forEach(i -> listed.add(i.recoveryInstanceID()));
    return listed;
  }

  private static JsonNode awaitCleanup(String executionId) {
    return await()
        .atMost(LIMIT)
        .pollInterval(Duration.ofMillis(250))
        .until(
            () -> drills.plans().execution(executionId).map(v -> v.path("cleanup")).orElse(null),
            c -> c != null && Set.of("COMPLETED", "FAILED").contains(c.path("status").asText()));
  }

  private static List<String> strings(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(v -> values.add(v.asText()));
    return values;
  }

  @Order(9)
  @Test
  void givenEveryExecutionOfThisClass_whenAudited_thenEachReplayVerifies() {
    assertThat(EXECUTIONS).hasSizeGreaterThanOrEqualTo(8);
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

  private static JsonNode server(JsonNode readiness, String sourceServerId) {
    for (JsonNode server : readiness.path("servers")) {
      if (server.path("sourceServerId").asText().equals(sourceServerId)) {
        return server;
      }
    }
    throw new AssertionError(sourceServerId + " not in " + readiness);
  }

  private static SimulatorJobs jobs() {
    return SimulatorJobs.read(drs);
  }

  private static String store(
      Map<String, List<String>> servers,
      Map<String, List<String>> deps,
      Map<String, Object> options) {
    String planId = "plan-" + UUID.randomUUID().toString().substring(0, 8);
    Map<String, Object> body = new LinkedHashMap<>(Drills.planBody(planId, servers, deps));
    body.putAll(options);
    drills.plans().putPlan(planId, body).expect(200, "store " + planId);
    return planId;
  }
}
