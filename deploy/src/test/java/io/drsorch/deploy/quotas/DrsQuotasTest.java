package io.drsorch.deploy.quotas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.drsorch.deploy.e2e.LocalStack;
import io.drsorch.deploy.support.Drills;
import io.drsorch.deploy.support.SimulatorJobs;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.drs.DrsClient;
import software.amazon.awssdk.services.drs.model.Job;

/**
 * DRS's quotas as DRS enforces them, kept by the scheduler's quota gate so that DRS never has to
 * refuse a launch: servers across all active jobs (500 here, the simulator's and the gate's
 * default), and a drill cleanup's TERMINATE job, which takes a job slot and locks its servers like
 * a launch job.
 */
class DrsQuotasTest {

  /** The stack the fault, hostile-input, operator and lifecycle tests run on, started once. */
  @RegisterExtension
  static final LocalStack STACK =
      LocalStack.shared(
          "faults-stack", Map.of("SIM_PENDING_SECONDS", "0.5", "SIM_STARTED_SECONDS", "1"));

  private static final Duration LIMIT = Duration.ofMinutes(2);

  private static Drills drills;
  private static DrsClient drs;

  @BeforeAll
  static void connect() {
    drills = new Drills(STACK);
    drs = STACK.drs();
  }

  @AfterEach
  void restoreTimings() {
    drills.simulator().configure(0.5, 1, 0);
  }

  @Test
  void givenWavesTotallingMoreServersThanTheActiveServersQuota_thenTheyCompleteWithoutARefusal() {
    // given: six independent waves of 100 servers, 600 in all, against DRS's 500
    String[] waves = {"a", "b", "c", "d", "e", "f"};
    Map<String, List<String>> servers = drills.servers(100, waves);
    String planId = drills.plan(servers, Map.of());
    drills.simulator().configure(1, 2, 0);
    drills.simulator().resetCallCounts();

    // when
    String executionId = drills.plans().startExecution(planId, "DRILL");
    Set<String> reasons = ConcurrentHashMap.newKeySet();
    await()
        .atMost(LIMIT)
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> {
              JsonNode view = drills.plans().execution(executionId).orElse(null);
              if (view == null) {
                return false;
              }
              view.path("waves").forEach(w -> reasons.add(w.path("reason").asText()));
              return Drills.TERMINAL.contains(view.path("status").asText());
            });
    JsonNode view = drills.plans().execution(executionId).orElseThrow();

    // then: every wave completed, DRS refused nothing, and a wave waited saying for what
    assertThat(view.path("status").asText()).as(view.toString()).isEqualTo("COMPLETED");
    assertThat(drills.simulator().refusals())
        .as("DRS never refused a launch for its quota")
        .doesNotContainKeys(
            "StartRecovery/ServiceQuotaExceededException", "StartRecovery/ConflictException");
    assertThat(reasons)
        .anyMatch(
            r ->
                r.startsWith("waiting for DRS server capacity in us-east-1: ")
                    && r.contains(" of 500 servers in active jobs, 100 needed"));
    List<Job> jobs = SimulatorJobs.read(drs).of(executionId);
    assertThat(jobs).hasSize(6);
    assertThat(maxServersActive(jobs)).isLessThanOrEqualTo(500);
  }

  @Test
  void givenADrillCleanupTerminating_whenTheSameServersLaunchAgain_thenTheLaunchWaitsForIt() {
    // given: a drill that ran, and its cleanup's TERMINATE job running slowly
    Map<String, List<String>> servers = drills.servers(2, "db");
    String planId = drills.plan(servers, Map.of());
    JsonNode first = drills.runToEnd(planId, LIMIT);
    assertThat(first.path("status").asText()).isEqualTo("COMPLETED");
    String firstId = first.path("executionId").asText();
    drills.simulator().configure(3, 3, 0);
    drills.simulator().resetCallCounts();
    drills.plans().cleanup(firstId).expect(202, "clean up " + firstId);
    await()
        .atMost(LIMIT)
        .pollInterval(Duration.ofMillis(100))
        .until(
            () ->
                drills
                    .plans()
                    .execution(firstId)
                    .map(v -> v.path("cleanup").path("status").asText().equals("RUNNING"))
                    .orElse(false));

    // when: the same servers are launched again while DRS still terminates their instances
    String secondId = drills.plans().startExecution(planId, "DRILL");
    Set<String> reasons = ConcurrentHashMap.newKeySet();
    await()
        .atMost(LIMIT)
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> {
              JsonNode view = drills.plans().execution(secondId).orElse(null);
              if (view == null) {
                return false;
              }
              view.path("waves").forEach(w -> reasons.add(w.path("reason").asText()));
              return Drills.TERMINAL.contains(view.path("status").asText());
            });

    // then: it waited for the TERMINATE job instead of meeting DRS's ConflictException
    JsonNode second = drills.plans().execution(secondId).orElseThrow();
    assertThat(second.path("status").asText()).as(second.toString()).isEqualTo("COMPLETED");
    assertThat(drills.simulator().refusals()).doesNotContainKey("StartRecovery/ConflictException");
    assertThat(reasons)
        .anyMatch(
            r -> r.startsWith("waiting for ") && r.contains("to leave another active DRS job"));
    List<String> cleanupJobs = new ArrayList<>();
    drills
        .plans()
        .execution(firstId)
        .orElseThrow()
        .path("cleanup")
        .path("jobIds")
        .forEach(id -> cleanupJobs.add(id.asText()));
    List<Job> terminations = jobsById(cleanupJobs);
    assertThat(terminations).extracting(Job::typeAsString).containsOnly("TERMINATE").isNotEmpty();
    List<Job> relaunch = SimulatorJobs.read(drs).of(secondId, "db");
    assertThat(SimulatorJobs.firstCreated(relaunch))
        .as("launched once the TERMINATE job had ended")
        .isAfterOrEqualTo(SimulatorJobs.lastEnded(terminations));
  }

  private static List<Job> jobsById(List<String> jobIds) {
    return drs.describeJobs(b -> b.filters(f -> f.jobIDs(jobIds))).items();
  }

  /** The most servers in active jobs at one instant: a sweep over creations and ends. */
  private static int maxServersActive(List<Job> jobs) {
    Map<java.time.Instant, Integer> deltas = new java.util.TreeMap<>();
    for (Job job : jobs) {
      int size = job.participatingServers().size();
      deltas.merge(SimulatorJobs.created(job), size, Integer::sum);
      deltas.merge(SimulatorJobs.ended(job), -size, Integer::sum);
    }
    int active = 0;
    int most = 0;
    for (int delta : new LinkedHashMap<>(deltas).values()) {
      active += delta;
      most = Math.max(most, active);
    }
    return most;
  }
}
