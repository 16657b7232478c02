package io.drsorch.deploy.interventions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.drsorch.deploy.client.Json;
import io.drsorch.deploy.e2e.LocalStack;
import io.drsorch.deploy.support.Drills;
import io.drsorch.deploy.support.SimulatorJobs;
import io.drsorch.drctl.cli.Captured;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.drs.model.Job;
import software.amazon.awssdk.services.drs.model.ParticipatingServer;

/**
 * Operator control on the whole local stack, each action taken once through the REST API and once
 * through drctl, and judged by what DRS (the simulator) really did, read back with DescribeJobs:
 * approval gates hold a wave until approved (its job is created only after the approval), rejected
 * or unanswered gates skip their dependents, a pause holds what becomes ready until the resume, a
 * retry relaunches only the servers that did not launch, an override marks a failed wave done,
 * optional servers do not fail their wave, and every one of these executions passes the audit's
 * replay.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OperatorControlTest {

  /** The stack the fault and hostile-input tests run on: same timings, started once for all. */
  @RegisterExtension
  static final LocalStack STACK =
      LocalStack.shared(
          "faults-stack", Map.of("SIM_PENDING_SECONDS", "0.5", "SIM_STARTED_SECONDS", "1"));

  private static final Duration LIMIT = Duration.ofSeconds(90);
  private static final Pattern EXECUTION_ID =
      Pattern.compile("[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}");

  private static Drills drills;
  private static String timingOut;
  private static final List<String> EXECUTIONS = new CopyOnWriteArrayList<>();

  /** How the operator acts: by the REST API, or by drctl against it. */
  enum Channel {
    REST,
    DRCTL
  }

  @BeforeAll
  static void startTheGateThatNobodyAnswers() {
    drills = new Drills(STACK);
    // A root wave behind a gate that times out after a minute, and an independent wave: started
    // first, judged last, so that its minute passes while the other tests run.
    Map<String, List<String>> servers = drills.servers(1, "app", "cache");
    Map<String, Object> app = gated(Drills.wave("app", servers.get("app"), List.of()));
    app.put("approvalTimeoutMinutes", 1);
    timingOut =
        drills
            .plans()
            .startExecution(
                store(List.of(app, Drills.wave("cache", servers.get("cache"), List.of()))),
                "DRILL");
    EXECUTIONS.add(timingOut);
  }

  @AfterEach
  void clearFaults() {
    drills.simulator().clearFaults();
  }

  @Order(1)
  @ParameterizedTest
  @EnumSource(Channel.class)
  void givenAGateOnApp_whenApproved_thenNothingOfAppLaunchesBeforeTheApprovalAndWebFollows(
      Channel channel) {
    // given: db -> app (gate) -> web
    Map<String, List<String>> servers = drills.servers(1, "db", "app", "web");
    String planId =
        store(
            List.of(
                Drills.wave("db", servers.get("db"), List.of()),
                gated(Drills.wave("app", servers.get("app"), List.of("db"))),
                Drills.wave("web", servers.get("web"), List.of("app"))));
    String executionId = start(planId);
    JsonNode waiting = awaitWave(executionId, "app", "WAITING_APPROVAL");
    assertThat(Drills.wave(waiting, "app").path("reason").asText())
        .contains("waiting for approval");
    sleep(Duration.ofSeconds(1)); // time in which app must not launch
    assertThat(jobs().of(executionId, "app")).as("app launched before its approval").isEmpty();

    // when
    approve(channel, executionId, "app", "replica verified by the DBA");

    // then
    JsonNode view = drills.awaitEnd(executionId, LIMIT);
    assertThat(view.path("status").asText()).as("view %s", view).isEqualTo("COMPLETED");
    JsonNode app = Drills.wave(view, "app");
    assertThat(app.path("approvedBy").asText()).isEqualTo(view.path("requestedBy").asText());
    assertThat(app.path("comment").asText()).isEqualTo("replica verified by the DBA");
    Instant approvedAt = Instant.parse(app.path("approvedAt").asText());
    SimulatorJobs jobs = jobs();
    List<Job> appJobs = jobs.of(executionId, "app");
    assertThat(appJobs).hasSize(1);
    assertThat(SimulatorJobs.created(appJobs.get(0))).isAfterOrEqualTo(approvedAt);
    assertThat(SimulatorJobs.firstCreated(jobs.of(executionId, "web")))
        .isAfterOrEqualTo(SimulatorJobs.lastEnded(appJobs));
  }

  @Order(2)
  @ParameterizedTest
  @EnumSource(Channel.class)
  void givenAGateOnApp_whenRejected_thenAppAndWebAreSkippedAndNeverLaunched(Channel channel) {
    // given
    Map<String, List<String>> servers = drills.servers(1, "db", "app", "web");
    String planId =
        store(
            List.of(
                Drills.wave("db", servers.get("db"), List.of()),
                gated(Drills.wave("app", servers.get("app"), List.of("db"))),
                Drills.wave("web", servers.get("web"), List.of("app"))));
    String executionId = start(planId);
    awaitWave(executionId, "app", "WAITING_APPROVAL");
    if (channel == Channel.REST) {
      Json.Answer notWaiting = drills.plans().approve(executionId, "db", null);
      assertThat(notWaiting.status()).isEqualTo(409);
      assertThat(notWaiting.body().toString()).contains("COMPLETED");
    }

    // when
    reject(channel, executionId, "app", "replica is 2 hours behind");

    // then
    JsonNode view = drills.awaitEnd(executionId, LIMIT);
    assertThat(view.path("status").asText()).as("view %s", view).isEqualTo("FAILED");
    JsonNode app = Drills.wave(view, "app");
    assertThat(app.path("status").asText()).isEqualTo("SKIPPED");
    assertThat(app.path("reason").asText())
        .contains("rejected by " + view.path("requestedBy").asText())
        .contains("replica is 2 hours behind");
    assertThat(Drills.wave(view, "web").path("status").asText()).isEqualTo("SKIPPED");
    SimulatorJobs jobs = jobs();
    assertThat(jobs.of(executionId, "app")).isEmpty();
    assertThat(jobs.of(executionId, "web")).isEmpty();
  }

  @Order(3)
  @ParameterizedTest
  @EnumSource(Channel.class)
  void givenAPauseDuringDbsJob_whenResumed_thenAppLaunchesOnlyAfterTheResumeAndWithinASecond(
      Channel channel) {
    // given: db's job lasts long enough to pause during it
    drills.simulator().configure(1.0, 2.0, 0);
    try {
      Map<String, List<String>> servers = drills.servers(1, "db", "app");
      String planId =
          store(
              List.of(
                  Drills.wave("db", servers.get("db"), List.of()),
                  Drills.wave("app", servers.get("app"), List.of("db"))));
      String executionId = start(planId);
      awaitWave(executionId, "db", "RUNNING");
      pause(channel, executionId);
      JsonNode paused = awaitView(executionId, v -> v.path("status").asText().equals("PAUSED"));
      assertThat(paused.path("pausedBy").asText()).isNotBlank();
      JsonNode held = awaitWave(executionId, "db", "COMPLETED");
      assertThat(held.path("status").asText()).isEqualTo("PAUSED");
      assertThat(Drills.wave(held, "app").path("status").asText()).isEqualTo("PENDING");
      assertThat(Drills.wave(held, "app").path("reason").asText()).isEqualTo("waiting for resume");
      sleep(Duration.ofSeconds(1));
      assertThat(jobs().of(executionId, "app")).as("app launched while paused").isEmpty();

      // when
      Instant resumedAt = Instant.now();
      resume(channel, executionId);

      // then
      JsonNode view = drills.awaitEnd(executionId, LIMIT);
      assertThat(view.path("status").asText()).as("view %s", view).isEqualTo("COMPLETED");
      Instant appCreated = SimulatorJobs.created(jobs().of(executionId, "app").get(0));
      assertThat(appCreated).isAfterOrEqualTo(resumedAt);
      assertThat(Duration.between(resumedAt, appCreated)).isLessThan(Duration.ofSeconds(1));
    } finally {
      drills.simulator().configure(0.5, 1.0, 0);
    }
  }

  @Order(4)
  @ParameterizedTest
  @EnumSource(Channel.class)
  void givenOneFailedServerInApp1_whenRetried_thenOnlyThatServerIsRelaunchedAndWebRuns(
      Channel channel) {
    // given: db -> {app1, app2} -> web, one of app1's two servers fails to launch
    Failed failed = failedRun();

    // when
    Instant retriedAt = Instant.now();
    String retry = retry(channel, failed.executionId(), List.of());

    // then
    JsonNode view = drills.awaitEnd(retry, LIMIT);
    assertThat(view.path("status").asText()).as("view %s", view).isEqualTo("COMPLETED");
    assertThat(view.path("retryOf").asText()).isEqualTo(failed.executionId());
    assertThat(
            drills.plans().execution(failed.executionId()).orElseThrow().path("retriedBy").asText())
        .isEqualTo(retry);
    SimulatorJobs jobs = jobs();
    assertThat(jobs.of(retry, "db")).isEmpty();
    assertThat(jobs.of(retry, "app2")).isEmpty();
    List<Job> app1 = jobs.of(retry, "app1");
    assertThat(app1).hasSize(1);
    assertThat(app1.get(0).participatingServers())
        .extracting(ParticipatingServer::sourceServerID)
        .containsExactly(failed.failingServer());
    assertThat(SimulatorJobs.created(app1.get(0))).isAfterOrEqualTo(retriedAt);
    assertThat(jobs.of(retry, "web")).hasSize(1);
    JsonNode db = Drills.wave(view, "db");
    assertThat(db.path("status").asText()).isEqualTo("COMPLETED");
    assertThat(db.path("jobIds")).isEqualTo(Drills.wave(failed.view(), "db").path("jobIds"));
  }

  @Order(5)
  @ParameterizedTest
  @EnumSource(Channel.class)
  void givenAFailedApp1_whenRetriedSkippingIt_thenItIsNotRelaunchedAndWebRuns(Channel channel) {
    // given
    Failed failed = failedRun();

    // when
    String retry = retry(channel, failed.executionId(), List.of("app1"));

    // then
    JsonNode view = drills.awaitEnd(retry, LIMIT);
    assertThat(view.path("status").asText()).as("view %s", view).isEqualTo("COMPLETED");
    JsonNode app1 = Drills.wave(view, "app1");
    assertThat(app1.path("overrideBy").asText()).isEqualTo(view.path("requestedBy").asText());
    assertThat(app1.path("reason").asText()).contains("started by hand");
    SimulatorJobs jobs = jobs();
    assertThat(jobs.of(retry, "app1")).isEmpty();
    assertThat(jobs.of(retry, "web")).hasSize(1);
  }

  @Order(6)
  @Test
  void givenAWaveWhoseOnlyFailingServerIsOptional_whenDrilled_thenItCompletesAndItsDependentRuns() {
    // given
    Map<String, List<String>> servers = drills.servers(2, "app");
    servers.putAll(drills.servers(1, "web"));
    String optional = servers.get("app").get(1);
    Map<String, Object> app =
        new LinkedHashMap<>(Drills.wave("app", servers.get("app"), List.of()));
    app.put("optionalServerIds", List.of(optional));
    String planId = store(List.of(app, Drills.wave("web", servers.get("web"), List.of("app"))));
    drills.simulator().failNextLaunch(optional);

    // when
    JsonNode view = drills.awaitEnd(start(planId), LIMIT);

    // then
    assertThat(view.path("status").asText()).as("view %s", view).isEqualTo("COMPLETED");
    JsonNode wave = Drills.wave(view, "app");
    assertThat(wave.path("status").asText()).isEqualTo("COMPLETED");
    assertThat(wave.path("failedOptionalServers").toString()).isEqualTo("[\"" + optional + "\"]");
    assertThat(Drills.wave(view, "web").path("status").asText()).isEqualTo("COMPLETED");
  }

  @Order(7)
  @Test
  void givenAGateNobodyAnswers_whenItsTimeoutPasses_thenItTimesOutAndTheOtherBranchCompletes() {
    JsonNode view = drills.awaitEnd(timingOut, Duration.ofMinutes(2));

    assertThat(view.path("status").asText()).as("view %s", view).isEqualTo("FAILED");
    JsonNode app = Drills.wave(view, "app");
    assertThat(app.path("status").asText()).isEqualTo("TIMED_OUT");
    assertThat(app.path("reason").asText()).isEqualTo("no approval within 1 minute");
    assertThat(Drills.wave(view, "cache").path("status").asText()).isEqualTo("COMPLETED");
    assertThat(jobs().of(timingOut, "app")).isEmpty();
  }

  @Order(8)
  @Test
  void givenEveryExecutionOfThisClass_whenAudited_thenEachReplayVerifies() throws Exception {
    assertThat(EXECUTIONS).hasSizeGreaterThanOrEqualTo(16);
    // Each audit reads the topics on its own; four at a time, since they mostly wait on the broker.
    ExecutorService auditors = Executors.newFixedThreadPool(4);
    try {
      Map<String, Future<Captured>> audits = new LinkedHashMap<>();
      for (String executionId : EXECUTIONS) {
        audits.put(executionId, auditors.submit(() -> audit(executionId)));
      }
      for (Map.Entry<String, Future<Captured>> audit : audits.entrySet()) {
        Captured verdict = audit.getValue().get(2, TimeUnit.MINUTES);
        assertThat(verdict.code())
            .as(audit.getKey() + ": " + verdict.out() + verdict.err())
            .isZero();
      }
    } finally {
      auditors.shutdownNow();
    }
  }

  private static Captured audit(String executionId) {
    return Captured.run(
        "audit",
        executionId,
        "--bootstrap-server",
        STACK.bootstrapServers(),
        "--schema-registry",
        STACK.registryUrl(),
        "--verify",
        "--quiet");
  }

  /**
   * An execution of db -> {app1, app2} -> web that failed because one app1 server did not launch.
   */
  private record Failed(String executionId, String failingServer, JsonNode view) {}

  private static Failed failedRun() {
    Map<String, List<String>> servers = drills.servers(1, "db");
    servers.putAll(drills.servers(2, "app1"));
    servers.putAll(drills.servers(1, "app2", "web"));
    String planId =
        store(
            List.of(
                Drills.wave("db", servers.get("db"), List.of()),
                Drills.wave("app1", servers.get("app1"), List.of("db")),
                Drills.wave("app2", servers.get("app2"), List.of("db")),
                Drills.wave("web", servers.get("web"), List.of("app1", "app2"))));
    String failing = servers.get("app1").get(1);
    drills.simulator().failNextLaunch(failing);
    String executionId = start(planId);
    JsonNode view = drills.awaitEnd(executionId, LIMIT);
    assertThat(view.path("status").asText()).as("view %s", view).isEqualTo("FAILED");
    assertThat(Drills.wave(view, "app1").path("status").asText()).isEqualTo("FAILED");
    assertThat(Drills.wave(view, "web").path("status").asText()).isEqualTo("SKIPPED");
    return new Failed(executionId, failing, view);
  }

  private static void approve(Channel channel, String executionId, String waveId, String comment) {
    if (channel == Channel.REST) {
      drills.plans().approve(executionId, waveId, comment).expect(202, "approve " + waveId);
    } else {
      drctl("approve", executionId, waveId, "--comment", comment);
    }
  }

  private static void reject(Channel channel, String executionId, String waveId, String reason) {
    if (channel == Channel.REST) {
      drills.plans().reject(executionId, waveId, reason).expect(202, "reject " + waveId);
    } else {
      drctl("reject", executionId, waveId, "--reason", reason);
    }
  }

  private static void pause(Channel channel, String executionId) {
    if (channel == Channel.REST) {
      drills.plans().pause(executionId).expect(202, "pause");
    } else {
      drctl("pause", executionId);
    }
  }

  private static void resume(Channel channel, String executionId) {
    if (channel == Channel.REST) {
      drills.plans().resume(executionId).expect(202, "resume");
    } else {
      drctl("resume", executionId);
    }
  }

  /** Retries {@code executionId}, skipping {@code skipWaves}; returns the new execution's id. */
  private static String retry(Channel channel, String executionId, List<String> skipWaves) {
    String reason = skipWaves.isEmpty() ? null : "started by hand";
    String retry;
    if (channel == Channel.REST) {
      retry =
          drills
              .plans()
              .retry(executionId, skipWaves, reason)
              .expect(202, "retry " + executionId)
              .body()
              .path("executionId")
              .asText();
    } else {
      List<String> args = new ArrayList<>(List.of("retry", executionId));
      skipWaves.forEach(w -> args.addAll(List.of("--skip-wave", w)));
      if (reason != null) {
        args.addAll(List.of("--reason", reason));
      }
      Captured run = drctl(args.toArray(String[]::new));
      retry = otherExecutionId(run.out(), executionId);
    }
    EXECUTIONS.add(retry);
    return retry;
  }

  private static String otherExecutionId(String out, String old) {
    Matcher m = EXECUTION_ID.matcher(out);
    while (m.find()) {
      if (!m.group().equals(old)) {
        return m.group();
      }
    }
    throw new AssertionError("no new execution id in: " + out);
  }

  private static Captured drctl(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--url", STACK.planServiceUrl()));
    Captured run = Captured.run(all.toArray(String[]::new));
    assertThat(run.code()).as("drctl %s: %s%s", all, run.out(), run.err()).isZero();
    return run;
  }

  private static Map<String, Object> gated(Map<String, Object> wave) {
    Map<String, Object> gated = new LinkedHashMap<>(wave);
    gated.put("approvalRequired", true);
    return gated;
  }

  private static String store(List<Map<String, Object>> waves) {
    String planId = "plan-" + UUID.randomUUID().toString().substring(0, 8);
    drills
        .plans()
        .putPlan(planId, Map.of("name", planId, "waves", waves))
        .expect(200, "store " + planId);
    return planId;
  }

  private static String start(String planId) {
    String executionId = drills.plans().startExecution(planId, "DRILL");
    EXECUTIONS.add(executionId);
    return executionId;
  }

  private static JsonNode awaitWave(String executionId, String waveId, String status) {
    return awaitView(
        executionId,
        v -> {
          String now = Drills.wave(v, waveId).path("status").asText();
          if (Set.of("FAILED", "SKIPPED", "CANCELLED").contains(now) && !now.equals(status)) {
            throw new AssertionError("wave " + waveId + " ended " + now + ": " + v);
          }
          return now.equals(status);
        });
  }

  private static JsonNode awaitView(
      String executionId, java.util.function.Predicate<JsonNode> done) {
    JsonNode[] last = {null};
    await()
        .atMost(LIMIT)
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> {
              last[0] = drills.plans().execution(executionId).orElse(null);
              return last[0] != null && done.test(last[0]);
            });
    return last[0];
  }

  private static SimulatorJobs jobs() {
    return SimulatorJobs.read(STACK.drs());
  }

  private static void sleep(Duration time) {
    try {
      Thread.sleep(time.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
