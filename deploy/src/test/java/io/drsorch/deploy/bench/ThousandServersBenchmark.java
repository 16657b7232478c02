package io.drsorch.deploy.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.drsorch.deploy.client.ServerIds;
import io.drsorch.deploy.client.SimulatorAdmin;
import io.drsorch.deploy.e2e.LocalStack;
import io.drsorch.deploy.support.Drills;
import io.drsorch.deploy.support.SimulatorJobs;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.drs.DrsClient;
import software.amazon.awssdk.services.drs.model.Job;
import software.amazon.awssdk.services.drs.model.LaunchStatus;
import software.amazon.awssdk.services.drs.model.ParticipatingServer;

/**
 * A plan of 1,000 servers in 10 waves under DRS's quota of 20 concurrent jobs: it completes, DRS
 * (the simulator) never holds more than 20 active jobs, and the watcher's DescribeJobs calls grow
 * with jobs, not servers. Prints calls, jobs and wall time.
 *
 * <p>Not part of the default build: {@code mvn -B -o -pl deploy verify -Pbench}.
 */
class ThousandServersBenchmark {

  private static final int QUOTA = 20;

  /**
   * Servers per StartRecovery, for the orchestrator and the simulator alike. Lower than DRS's 100
   * so that the four parallel application waves ask for 24 jobs at once, more than the quota: the
   * scheduler's quota gate has to hold some back.
   */
  private static final int SERVERS_PER_CALL = 25;

  private static final Duration EXECUTION_LIMIT = Duration.ofMinutes(10);

  @RegisterExtension
  static final LocalStack STACK =
      LocalStack.named(
          "bench-scale-stack",
          Map.of(
              "WATCHER_POLL_INTERVAL",
              "",
              "DRS_MAX_SERVERS_PER_CALL",
              Integer.toString(SERVERS_PER_CALL),
              "SCHEDULER_DRS_MAX_CONCURRENT_JOBS",
              Integer.toString(QUOTA)));

  /** db 100 -> app1..app4 150 each -> api 220 -> web1, web2 20 each -> edge 20 -> smoke 20. */
  private static final Map<String, Integer> SIZES = new LinkedHashMap<>();

  private static final Map<String, List<String>> DEPS = new LinkedHashMap<>();

  static {
    SIZES.put("db", 100);
    for (String app : List.of("app1", "app2", "app3", "app4")) {
      SIZES.put(app, 150);
      DEPS.put(app, List.of("db"));
    }
    SIZES.put("api", 220);
    DEPS.put("api", List.of("app1", "app2", "app3", "app4"));
    SIZES.put("web1", 20);
    SIZES.put("web2", 20);
    DEPS.put("web1", List.of("api"));
    DEPS.put("web2", List.of("api"));
    SIZES.put("edge", 20);
    DEPS.put("edge", List.of("web1", "web2"));
    SIZES.put("smoke", 20);
    DEPS.put("smoke", List.of("edge"));
  }

  @Test
  void givenThousandServersInTenWaves_whenDrilledUnderAQuotaOf20_thenItCompletesWithin20Jobs() {
    // given
    Drills drills = new Drills(STACK);
    SimulatorAdmin simulator = drills.simulator();
    simulator.configure(
        Map.of(
            "maxConcurrentJobs",
            QUOTA,
            "maxServersPerCall",
            SERVERS_PER_CALL,
            "pendingSeconds",
            2,
            "startedSeconds",
            3));
    Map<String, List<String>> servers = new LinkedHashMap<>();
    SIZES.forEach((wave, size) -> servers.put(wave, ServerIds.fresh(size)));
    simulator.addSourceServers(
        Drills.REGION, servers.values().stream().flatMap(List::stream).toList());
    assertThat(SIZES).hasSize(10);
    assertThat(servers.values().stream().mapToInt(List::size).sum()).isEqualTo(1000);
    String planId = drills.plan(servers, DEPS);
    simulator.resetCallCounts();
    // To see the refusal check fail: -Dbench.inject.refusal=ConflictException makes DRS refuse one
    // StartRecovery; the orchestrator retries it and completes, and the check must still fail.
    String injected = System.getProperty("bench.inject.refusal");
    if (injected != null) {
      simulator.failNextCalls("StartRecovery", injected, 1, null, "refused on purpose");
    }

    // when
    Instant start = Instant.now();
    String executionId = drills.plans().startExecution(planId, "DRILL");
    JsonNode view = drills.awaitEnd(executionId, EXECUTION_LIMIT);
    Duration wall = Duration.between(start, Instant.now());
    Map<String, Long> calls = simulator.callCounts();
    Map<String, Long> refusals = simulator.refusals();

    // then
    assertThat(view.path("status").asText()).as("%s", view).isEqualTo("COMPLETED");
    List<Job> jobs;
    try (DrsClient drs = STACK.drs()) {
      jobs = SimulatorJobs.read(drs).of(executionId);
    }
    Set<String> launched = new HashSet<>();
    for (Job job : jobs) {
      for (ParticipatingServer server : job.participatingServers()) {
        if (server.launchStatus() == LaunchStatus.LAUNCHED) {
          launched.add(server.sourceServerID());
        }
      }
    }
    int maxActive = SimulatorJobs.maxActive(jobs);
    Duration drsSpan =
        Duration.between(SimulatorJobs.firstCreated(jobs), SimulatorJobs.lastEnded(jobs));
    System.out.printf(
        "[bench] 1000 servers in 10 waves (%d per StartRecovery, quota %d): %s; jobs %d; most"
            + " active at once %d; DescribeJobs calls %d; StartRecovery calls %d; refused calls %s;"
            + " wall time %.1f s (first job created to last ended: %.1f s)%n",
        SERVERS_PER_CALL,
        QUOTA,
        view.path("status").asText(),
        jobs.size(),
        maxActive,
        calls.getOrDefault("DescribeJobs", 0L),
        calls.getOrDefault("StartRecovery", 0L),
        refusals,
        wall.toMillis() / 1e3,
        drsSpan.toMillis() / 1e3);
    assertThat(launched).hasSize(1000);
    DEPS.forEach(
        (wave, dependencies) -> {
          Instant launchedAt = SimulatorJobs.firstCreated(jobsOf(jobs, wave));
          for (String dependency : dependencies) {
            // Strictly after: a launch at the same instant as the dependency's end would be one
            // that did not wait for it (the end-to-end tests are strict too).
            assertThat(launchedAt)
                .as("%s launched after %s ended", wave, dependency)
                .isAfter(SimulatorJobs.lastEnded(jobsOf(jobs, dependency)));
          }
        });
    // The simulator refuses jobs beyond its quota itself, so "at most 20 active" always holds; what
    // this benchmark shows is that the quota gate never let DRS refuse a launch: no StartRecovery
    // answered ServiceQuotaExceededException or ConflictException, nor anything else.
    assertThat(refusals)
        .as("DRS calls refused during the drill (the quota gate must hold launches back instead)")
        .isEmpty();
    assertThat(maxActive).as("most DRS jobs active at once").isLessThanOrEqualTo(QUOTA);
  }

  private static List<Job> jobsOf(List<Job> jobs, String wave) {
    List<Job> ofWave =
        jobs.stream().filter(j -> wave.equals(j.tags().get(SimulatorJobs.WAVE_TAG))).toList();
    assertThat(ofWave).as("jobs of wave %s", wave).isNotEmpty();
    return ofWave;
  }
}
