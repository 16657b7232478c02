package io.drsorch.deploy.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.drsorch.deploy.client.Json;
import io.drsorch.deploy.client.PlanServiceClient;
import io.drsorch.deploy.client.ServerIds;
import io.drsorch.deploy.client.SimulatorAdmin;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.drs.DrsClient;
import software.amazon.awssdk.services.drs.model.DescribeJobsRequestFilters;
import software.amazon.awssdk.services.drs.model.Job;
import software.amazon.awssdk.services.drs.model.JobStatus;
import software.amazon.awssdk.services.drs.model.LaunchStatus;
import software.amazon.awssdk.services.drs.model.ParticipatingServer;

/**
 * The whole loop on the whole stack: a real broker, the real registry, all four services as
 * processes, and the DRS simulator reached through the AWS SDK. What was launched when is read from
 * the simulator's own {@code DescribeJobs}, the ground truth.
 */
class EndToEndTest {

  /**
   * The stack drctl's tests run on just before (same settings): started once for both. Every check
   * here finds its own jobs by its own fresh servers, so what ran before does not matter.
   */
  @RegisterExtension static final LocalStack STACK = LocalStack.shared("e2e-stack", Map.of());

  private static final String REGION = "us-east-1";
  private static final Duration EXECUTION_LIMIT = Duration.ofSeconds(90);

  /** Dependency hop latencies measured by every test: dependent job created - dependency ended. */
  private static final List<Duration> HOPS = new ArrayList<>();

  private static PlanServiceClient plans;
  private static SimulatorAdmin simulator;
  private static DrsClient drs;

  @BeforeAll
  static void connect() {
    LocalStack stack = LocalStack.get();
    plans = new PlanServiceClient(stack.planServiceUrl());
    simulator = new SimulatorAdmin(stack.simulatorUrl());
    drs = stack.drs();
    // Short DRS jobs keep the suite fast; the orchestration path is the same as with real ones.
    simulator.configure(0.5, 1.0, 0);
  }

  @AfterAll
  static void report() {
    if (HOPS.isEmpty()) {
      return;
    }
    List<Duration> sorted = HOPS.stream().sorted().toList();
    System.out.printf(
        "[e2e] dependency hop latency (dependent job created - last dependency job ended), watcher"
            + " polling every 1 s, push on: n=%d min=%d ms median=%d ms max=%d ms%n",
        sorted.size(),
        sorted.get(0).toMillis(),
        sorted.get(sorted.size() / 2).toMillis(),
        sorted.get(sorted.size() - 1).toMillis());
  }

  @Test
  void givenLinearPlan_whenDrilled_thenEachWaveLaunchesOnlyAfterItsDependencyEnded() {
    // given
    Map<String, List<String>> servers = servers("db", "app", "web");
    String planId = plan(servers, Map.of("app", List.of("db"), "web", List.of("app")));

    // when
    JsonNode view = runToEnd(planId);

    // then
    assertThat(view.path("status").asText()).isEqualTo("COMPLETED");
    Map<String, List<Job>> jobs = jobsByWave(view);
    assertLaunchedAfter(jobs, "app", "db");
    assertLaunchedAfter(jobs, "web", "app");
    for (String wave : List.of("db", "app", "web")) {
      assertAllServersLaunched(jobs.get(wave), servers.get(wave));
      JsonNode waveView = wave(view, wave);
      assertThat(waveView.path("status").asText()).isEqualTo("COMPLETED");
      assertThat(waveView.path("startedAt").isTextual()).isTrue();
      assertThat(waveView.path("endedAt").isTextual()).isTrue();
      assertThat(waveView.path("servers")).hasSize(2);
      for (JsonNode server : waveView.path("servers")) {
        assertThat(server.path("launchStatus").asText()).isEqualTo("LAUNCHED");
        assertThat(server.path("recoveryInstanceId").asText()).startsWith("i-");
      }
      // The job was tagged with what asked for it: the execution, the wave and the attempt.
      Job job = jobs.get(wave).get(0);
      assertThat(job.tags())
          .containsEntry("drsorch:execution-id", view.path("executionId").asText())
          .containsEntry("drsorch:wave-id", wave);
    }
  }

  @Test
  void givenThreeIndependentWaves_whenDrilled_thenTheyLaunchTogetherWithoutConflicts() {
    // given
    Map<String, List<String>> servers = servers("a", "b", "c");
    String planId = plan(servers, Map.of());

    // when
    JsonNode view = runToEnd(planId);

    // then
    assertThat(view.path("status").asText()).isEqualTo("COMPLETED");
    Map<String, List<Job>> jobs = jobsByWave(view);
    List<Instant> created = jobs.values().stream().map(j -> created(j.get(0))).sorted().toList();
    assertThat(Duration.between(created.get(0), created.get(2))).isLessThan(Duration.ofSeconds(1));
    // No retry was needed anywhere: DRS never refused a launch (no ConflictException).
    for (JsonNode wave : view.path("waves")) {
      assertThat(wave.path("attempt").asInt()).isEqualTo(1);
      assertThat(wave.path("jobIds")).hasSize(1);
    }
  }

  @Test
  void givenDiamond_whenDrilled_thenBothMiddleWavesStartTogetherAndTheLastWaitsForBoth() {
    // given
    Map<String, List<String>> servers = servers("db", "app1", "app2", "web");
    String planId =
        plan(
            servers,
            Map.of("app1", List.of("db"), "app2", List.of("db"), "web", List.of("app1", "app2")));

    // when
    JsonNode view = runToEnd(planId);

    // then
    assertThat(view.path("status").asText()).isEqualTo("COMPLETED");
    Map<String, List<Job>> jobs = jobsByWave(view);
    assertLaunchedAfter(jobs, "app1", "db");
    assertLaunchedAfter(jobs, "app2", "db");
    assertLaunchedAfter(jobs, "web", "app1", "app2");
    assertThat(
            Duration.between(created(jobs.get("app1").get(0)), created(jobs.get("app2").get(0)))
                .abs())
        .isLessThan(Duration.ofSeconds(1));
  }

  @Test
  void givenAServerThatFailsToLaunch_whenDrilled_thenItsWaveFailsDependentsSkipAndTheRestRuns() {
    // given: db -> {app1, app2}; web depends on app1; one server of app1 will fail
    Map<String, List<String>> servers = servers("db", "app1", "app2", "web");
    String planId =
        plan(servers, Map.of("app1", List.of("db"), "app2", List.of("db"), "web", List.of("app1")));
    String failing = servers.get("app1").get(1);
    simulator.failNextLaunch(failing);

    // when
    JsonNode view = runToEnd(planId);

    // then
    assertThat(view.path("status").asText()).isEqualTo("FAILED");
    assertThat(wave(view, "db").path("status").asText()).isEqualTo("COMPLETED");
    assertThat(wave(view, "app2").path("status").asText()).isEqualTo("COMPLETED");
    JsonNode app1 = wave(view, "app1");
    assertThat(app1.path("status").asText()).isEqualTo("FAILED");
    assertThat(app1.path("reason").asText()).contains(failing);
    JsonNode web = wave(view, "web");
    assertThat(web.path("status").asText()).isEqualTo("SKIPPED");
    assertThat(web.path("jobIds")).isEmpty();
    // The simulator confirms: app1's job COMPLETED with that server FAILED, and web never launched.
    Job app1Job = jobsByWave(view).get("app1").get(0);
    assertThat(app1Job.status()).isEqualTo(JobStatus.COMPLETED);
    assertThat(app1Job.participatingServers())
        .filteredOn(s -> s.sourceServerID().equals(failing))
        .extracting(ParticipatingServer::launchStatus)
        .containsExactly(LaunchStatus.FAILED);
    assertThat(jobsOfServers(servers.get("web"))).isEmpty();
  }

  @Test
  void givenAPlanWithARunningExecution_whenStartedAgain_thenTheSecondIsRejectedWithTheReason() {
    // given
    Map<String, List<String>> servers = servers("db");
    String planId = plan(servers, Map.of());
    String first = plans.startExecution(planId, "DRILL");

    // when
    String second = plans.startExecution(planId, "DRILL");

    // then
    JsonNode rejected = awaitEnd(second);
    assertThat(rejected.path("status").asText()).isEqualTo("REJECTED");
    assertThat(rejected.path("reason").asText()).contains(first);
    assertThat(awaitEnd(first).path("status").asText()).isEqualTo("COMPLETED");
  }

  @Test
  void givenBadPlans_whenStored_thenEachIsRefusedNamingTheFieldPath() {
    List<String> ids = ServerIds.fresh(3);
    Map<String, Object> db = wave("db", List.of(ids.get(0)), List.of());

    assertRefused(
        List.of(
            wave("db", List.of(ids.get(0)), List.of("app")),
            wave("app", List.of(ids.get(1)), List.of("db"))),
        "waves[0].dependsOn[0]",
        "db -> app -> db");
    assertRefused(
        List.of(db, wave("app", List.of(ids.get(1)), List.of("nope"))),
        "waves[1].dependsOn[0]",
        "nope");
    assertRefused(
        List.of(wave("db", List.of(ids.get(0)), List.of("db"))), "waves[0].dependsOn[0]", "itself");
    assertRefused(
        List.of(db, wave("app", List.of(ids.get(0)), List.of("db"))),
        "waves[1].sourceServerIds[0]",
        "db");
    assertRefused(
        List.of(db, wave("app", List.of(), List.of("db"))),
        "waves[1].sourceServerIds",
        "no servers");
    assertRefused(
        List.of(wave("db", List.of("s-123"), List.of())), "waves[0].sourceServerIds[0]", "s-123");
  }

  @Test
  void givenAGroupInAnotherAccount_whenDrilled_thenItsWaveRunsThereThroughTheRoleAndTheNextHere() {
    // given database servers replicating into account 111122223333, reached through a role,
    // and app servers in the stack's own account
    String account = "111122223333";
    String role = "arn:aws:iam::" + account + ":role/DrsOrchestrator";
    List<String> dbServers = ServerIds.fresh(2);
    simulator.addSourceServers(account, REGION, dbServers);
    String groupId = "remote-db-" + UUID.randomUUID().toString().substring(0, 8);
    plans
        .putGroup(
            groupId,
            Map.of(
                "name",
                "Remote databases",
                "region",
                REGION,
                "sourceServerIds",
                dbServers,
                "roleArn",
                role))
        .expect(200, "store group " + groupId);
    List<String> appServers = ServerIds.fresh(2);
    simulator.addSourceServers(REGION, appServers);
    String planId = "e2e-" + UUID.randomUUID().toString().substring(0, 8);
    plans
        .putPlan(
            planId,
            Map.of(
                "name",
                planId,
                "waves",
                List.of(
                    Map.of(
                        "id", "db", "name", "db", "region", REGION, "protectionGroupId", groupId),
                    wave("app", appServers, List.of("db")))))
        .expect(200, "store " + planId);

    // when
    JsonNode view = runToEnd(planId);

    // then both waves completed, the watcher having judged the remote one through the role
    assertThat(view.path("status").asText()).as("%s", view).isEqualTo("COMPLETED");
    JsonNode db = wave(view, "db");
    assertThat(db.path("servers")).hasSize(2);
    for (JsonNode server : db.path("servers")) {
      assertThat(server.path("launchStatus").asText()).isEqualTo("LAUNCHED");
    }
    String dbJob = db.path("jobIds").get(0).asText();
    assertThat(drs.describeJobs(r -> r.filters(f -> f.jobIDs(dbJob))).items())
        .as("the db job is in account %s, not in the stack's own", account)
        .isEmpty();
    Map<String, List<Job>> jobs = new HashMap<>();
    try (DrsClient remote = LocalStack.get().drsAs(role)) {
      // The db wave's jobs, found by its servers in the other account's DRS; none in this one.
      jobs.putAll(jobsByWave(onlyWave(view, "db"), remote));
      assertThat(jobs.get("db"))
          .as("the db wave's jobs in account %s", account)
          .singleElement()
          .satisfies(job -> assertThat(job.arn()).contains(account));
    }
    assertThat(jobsOfServers(dbServers)).as("db jobs in the stack's own account").isEmpty();
    jobs.putAll(jobsByWave(onlyWave(view, "app")));
    assertThat(jobs.get("app"))
        .singleElement()
        .satisfies(job -> assertThat(job.arn()).doesNotContain(account));
    assertAllServersLaunched(jobs.get("db"), dbServers);
    assertAllServersLaunched(jobs.get("app"), appServers);
    // And in order across the two accounts' DRS: app launched only after db's job ended there.
    assertLaunchedAfter(jobs, "app", "db");
  }

  /** The view with only one of its waves, to look that wave's jobs up in one account. */
  private static JsonNode onlyWave(JsonNode view, String waveId) {
    ObjectNode copy = ((ObjectNode) view).deepCopy();
    copy.putArray("waves").add(wave(view, waveId));
    return copy;
  }

  // --- helpers --------------------------------------------------------------------------------

  private static Map<String, List<String>> servers(String... waves) {
    Map<String, List<String>> servers = new LinkedHashMap<>();
    for (String wave : waves) {
      List<String> ids = ServerIds.fresh(2);
      simulator.addSourceServers(REGION, ids);
      servers.put(wave, ids);
    }
    return servers;
  }

  private static String plan(Map<String, List<String>> servers, Map<String, List<String>> deps) {
    String planId = "e2e-" + UUID.randomUUID().toString().substring(0, 8);
    List<Map<String, Object>> waves = new ArrayList<>();
    servers.forEach((id, ids) -> waves.add(wave(id, ids, deps.getOrDefault(id, List.of()))));
    plans.putPlan(planId, Map.of("name", planId, "waves", waves)).expect(200, "store " + planId);
    return planId;
  }

  private static Map<String, Object> wave(String id, List<String> servers, List<String> deps) {
    return Map.of(
        "id", id, "name", id, "region", REGION, "sourceServerIds", servers, "dependsOn", deps);
  }

  private static void assertRefused(
      List<Map<String, Object>> waves, String path, String inMessage) {
    Json.Answer answer =
        plans.putPlan(
            "bad-" + UUID.randomUUID().toString().substring(0, 8),
            Map.of("name", "bad", "waves", waves));
    assertThat(answer.status()).as("status for %s", waves).isEqualTo(400);
    List<String> found = new ArrayList<>();
    for (JsonNode error : answer.body().path("errors")) {
      if (error.path("path").asText().equals(path)
          && error.path("message").asText().contains(inMessage)) {
        found.add(error.toString());
      }
    }
    assertThat(found).as("errors %s name %s (%s)", answer.body(), path, inMessage).isNotEmpty();
  }

  private static JsonNode runToEnd(String planId) {
    return awaitEnd(plans.startExecution(planId, "DRILL"));
  }

  private static JsonNode awaitEnd(String executionId) {
    AtomicReference<JsonNode> last = new AtomicReference<>();
    await()
        .atMost(EXECUTION_LIMIT)
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              plans.execution(executionId).ifPresent(last::set);
              JsonNode view = last.get();
              return view != null
                  && List.of("COMPLETED", "FAILED", "CANCELLED", "TIMED_OUT", "REJECTED")
                      .contains(view.path("status").asText());
            });
    return last.get();
  }

  private static JsonNode wave(JsonNode view, String waveId) {
    for (JsonNode wave : view.path("waves")) {
      if (wave.path("waveId").asText().equals(waveId)) {
        return wave;
      }
    }
    throw new AssertionError("no wave " + waveId + " in " + view);
  }

  /**
   * The simulator's record of every job of each wave, found by the wave's servers, not by the job
   * ids the orchestrator reports: a launch it did not report (an early one, a duplicate) is in DRS
   * all the same, and fails here. The servers are fresh for each test, so every job that includes
   * one of them belongs to this execution.
   */
  private static Map<String, List<Job>> jobsByWave(JsonNode view) {
    return jobsByWave(view, drs);
  }

  private static Map<String, List<Job>> jobsByWave(JsonNode view, DrsClient account) {
    Map<String, List<Job>> byWave = new HashMap<>();
    for (JsonNode wave : view.path("waves")) {
      List<String> servers = new ArrayList<>();
      wave.path("servers").forEach(s -> servers.add(s.path("sourceServerId").asText()));
      List<String> reported = new ArrayList<>();
      wave.path("jobIds").forEach(id -> reported.add(id.asText()));
      List<Job> jobs = jobsOfServers(account, servers);
      String waveId = wave.path("waveId").asText();
      assertThat(jobs.stream().map(Job::jobID).toList())
          .as("DRS jobs holding the servers of wave %s, against the jobs it reports", waveId)
          .containsExactlyInAnyOrderElementsOf(reported);
      if (!jobs.isEmpty()) {
        byWave.put(waveId, jobs);
      }
    }
    return byWave;
  }

  /** Every job the simulator has that includes any of these servers. */
  private static List<Job> jobsOfServers(List<String> serverIds) {
    return jobsOfServers(drs, serverIds);
  }

  private static List<Job> jobsOfServers(DrsClient account, List<String> serverIds) {
    return account
        .describeJobsPaginator(r -> r.filters(DescribeJobsRequestFilters.builder().build()))
        .items()
        .stream()
        .filter(
            j ->
                j.participatingServers().stream()
                    .anyMatch(s -> serverIds.contains(s.sourceServerID())))
        .toList();
  }

  /** Every job of the dependent wave was created after every job of all dependencies ended. */
  private static void assertLaunchedAfter(
      Map<String, List<Job>> jobs, String dependent, String... dependencies) {
    Instant lastEnd =
        List.of(dependencies).stream()
            .flatMap(d -> jobs.get(d).stream())
            .map(EndToEndTest::ended)
            .max(Comparator.naturalOrder())
            .orElseThrow();
    Instant firstCreated =
        jobs.get(dependent).stream()
            .map(EndToEndTest::created)
            .min(Comparator.naturalOrder())
            .orElseThrow();
    assertThat(firstCreated)
        .as("%s launched after %s ended", dependent, List.of(dependencies))
        .isAfter(lastEnd);
    synchronized (HOPS) {
      HOPS.add(Duration.between(lastEnd, firstCreated));
    }
    System.out.printf(
        "[e2e] %s launched %d ms after %s ended%n",
        dependent, Duration.between(lastEnd, firstCreated).toMillis(), List.of(dependencies));
  }

  private static void assertAllServersLaunched(List<Job> jobs, List<String> servers) {
    List<String> launched = new ArrayList<>();
    for (Job job : jobs) {
      assertThat(job.status()).isEqualTo(JobStatus.COMPLETED);
      for (ParticipatingServer server : job.participatingServers()) {
        assertThat(server.launchStatus()).isEqualTo(LaunchStatus.LAUNCHED);
        assertThat(server.recoveryInstanceID()).startsWith("i-");
        launched.add(server.sourceServerID());
      }
    }
    assertThat(launched).containsExactlyInAnyOrderElementsOf(servers);
  }

  private static Instant created(Job job) {
    return Instant.parse(job.creationDateTime());
  }

  private static Instant ended(Job job) {
    return Instant.parse(job.endDateTime());
  }
}
