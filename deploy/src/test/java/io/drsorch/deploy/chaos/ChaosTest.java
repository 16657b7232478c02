package io.drsorch.deploy.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.drsorch.deploy.client.ServerIds;
import io.drsorch.deploy.e2e.LocalStack;
import io.drsorch.deploy.support.Drills;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.drs.DrsClient;
import software.amazon.awssdk.services.drs.model.Job;
import software.amazon.awssdk.services.drs.model.JobStatus;

/**
 * Random plans run while services and the broker crash: every service is SIGKILLed at random
 * moments and restarted, the broker once, and then the simulator's own record of every DRS job
 * judges the outcome: nothing acknowledged lost, every status right, no duplicate launch, no wave
 * launched before its dependencies ended or launched at all when it should have been skipped.
 *
 * <p>Sized by system properties (the pom sets them; {@code -Pchaos} runs the long version): {@code
 * chaos.executions}, {@code chaos.kills} (per service), {@code chaos.seconds} (chaos window),
 * {@code chaos.seed} (unset = random; printed, so a failing run can be replayed).
 */
class ChaosTest {

  @RegisterExtension
  static final LocalStack STACK =
      LocalStack.named(
          "chaos-stack", Map.of("SIM_PENDING_SECONDS", "1", "SIM_STARTED_SECONDS", "2"));

  /** Executions running at once; with the width budget this keeps DRS under 20 active jobs. */
  private static final int MAX_RUNNING = 6;

  private static final int WIDTH_BUDGET = 16;

  private static Drills drills;
  private static DrsClient drs;

  @BeforeAll
  static void connect() throws Exception {
    drills = new Drills(STACK);
    drs = STACK.drs();
    drills.simulator().configure(1, 2, 0);
    drills.simulator().defineAutomationDocument(RandomDag.ACTION_DOCUMENT, "Success", 1, null);
    injectDefect(System.getProperty("chaos.defect", ""));
  }

  /**
   * A defect injected on purpose, to show the checks catch it ({@code -Dchaos.defect=...}); none by
   * default. {@code blind-launcher}: the launcher's dedupe finds no started job ({@link
   * BlindLauncher}), so a command read again after a kill launches its wave a second time.
   */
  private static void injectDefect(String defect) throws Exception {
    switch (defect) {
      case "" -> {}
      case "blind-launcher" -> STACK.replace("drs-launcher", BlindLauncher.class);
      default ->
          throw new IllegalArgumentException(
              "unknown chaos.defect '" + defect + "'; known: blind-launcher");
    }
    if (!defect.isEmpty()) {
      System.out.println("[chaos] defect injected: " + defect);
    }
  }

  @Test
  void givenRandomPlansWhileServicesAndBrokerCrash_thenEveryAcknowledgedExecutionEndsRightOnce()
      throws Exception {
    int executions = Integer.getInteger("chaos.executions", 20);
    int killsPerService = Integer.getInteger("chaos.kills", 2);
    Duration window = Duration.ofSeconds(Integer.getInteger("chaos.seconds", 90));
    String seedProperty = System.getProperty("chaos.seed", "");
    long seed = seedProperty.isBlank() ? System.nanoTime() : Long.parseLong(seedProperty);
    System.out.printf(
        "[chaos] seed=%d executions=%d kills per service=%d window=%s (replay: -Dchaos.seed=%d)%n",
        seed, executions, killsPerService, window, seed);
    Random random = new Random(seed);
    long t0 = System.nanoTime();

    // given: a seeded chaos schedule, to run beside the executions
    ChaosMonkey monkey = new ChaosMonkey(STACK, random.nextLong(), killsPerService, 1, window);
    Runs runs = new Runs(STACK.planServiceUrl(), drills.simulator());

    // when: random plans are started while components crash and come back
    monkey.start();
    try {
      runAll(runs, executions, random);
      monkey.join(window.plus(Duration.ofMinutes(5)));
    } finally {
      // Never leave a chaos thread restarting components behind the stack's shutdown.
      monkey.stop();
    }
    STACK.up(); // whatever the chaos left down, so the rest can finish
    runs.awaitAllEnded(Duration.ofMinutes(4));

    // then: judged against the simulator's ground truth
    GroundTruth truth = GroundTruth.read(drs);
    Verdict verdict = Verdict.of(runs, truth, drills.simulator().automationExecutions());
    double wall = (System.nanoTime() - t0) / 1e9;
    String report =
        String.format(
            "[chaos] report: seed=%d executions run=%d (acknowledged %d, unacknowledged starts %d)"
                + " jobs=%d kills=%s (launcher at its worst moment %d) broker restarts=%d collateral deaths=%d not ready=%d restart retries=%d lost=%d wrong"
                + " status=%d duplicates=%d violations=%d skipped-but-launched=%d waves launched by"
                + " several attempts=%d DRS disagreements=%d job count problems=%d"
                + " automations=%d action problems=%d wall time=%.0f s",
            seed,
            runs.acknowledged().size() + runs.unacknowledged().size(),
            runs.acknowledged().size(),
            runs.unacknowledged().size(),
            truth.jobCount(),
            withoutBroker(monkey.kills()),
            monkey.worstMoments(),
            monkey.kills().getOrDefault("kafka", 0),
            monkey.deaths().size(),
            monkey.notReady().size(),
            monkey.restartRetries(),
            verdict.lost().size(),
            verdict.wrongStatus().size(),
            verdict.duplicates().size(),
            verdict.violations().size(),
            verdict.skippedButLaunched().size(),
            verdict.manyAttempts().size(),
            verdict.drsDisagrees().size(),
            verdict.jobCount().size(),
            verdict.automations(),
            verdict.actions().size(),
            wall);
    System.out.println(report);
    verdict.print();
    monkey.deaths().forEach(c -> System.out.println("[chaos] collateral death: " + c));
    monkey.notReady().forEach(c -> System.out.println("[chaos] not ready: " + c));
    Files.writeString(Path.of("target", "chaos-report.txt"), report + System.lineSeparator());

    assertThat(monkey.failure()).as("chaos loop failure").isNull();
    assertThat(monkey.deaths())
        .as("components that died without a kill by the monkey (repaired by the harness)")
        .isEmpty();
    assertThat(runs.acknowledged()).hasSize(executions);
    for (String service : ChaosMonkey.SERVICES) {
      assertThat(monkey.kills().getOrDefault(service, 0))
          .as("kills of " + service)
          .isGreaterThanOrEqualTo(killsPerService);
    }
    assertThat(monkey.kills().getOrDefault("kafka", 0)).as("broker restarts").isEqualTo(1);
    assertThat(monkey.worstMoments())
        .as("launcher kills between a StartRecovery and its answer")
        .isGreaterThanOrEqualTo(1);
    assertThat(verdict.lost()).as("acknowledged executions that never ended").isEmpty();
    assertThat(verdict.duplicates()).as("duplicate jobs per wave attempt").isEmpty();
    assertThat(verdict.violations()).as("dependency-order violations").isEmpty();
    assertThat(verdict.skippedButLaunched()).as("waves launched that should be skipped").isEmpty();
    assertThat(verdict.wrongStatus()).as("executions or waves with the wrong status").isEmpty();
    assertThat(truth.untagged()).as("jobs launched without the orchestrator's tags").isEmpty();
    assertThat(verdict.manyAttempts())
        .as("waves launched twice: DRS jobs from more than one attempt of the same wave")
        .isEmpty();
    assertThat(verdict.drsDisagrees())
        .as("waves whose DRS jobs (the simulator's DescribeJobs) contradict their expected status")
        .isEmpty();
    assertThat(verdict.jobCount()).as("DRS jobs, counted against the plans").isEmpty();
    assertThat(verdict.actions())
        .as("wave actions started twice, missing, unfinished or overtaken by dependents")
        .isEmpty();
  }

  /** Random plans started a few seconds apart, a bounded number at a time. */
  private static void runAll(Runs runs, int executions, Random random) throws InterruptedException {
    for (int i = 0; i < executions; i++) {
      RandomDag dag = RandomDag.generate(random, 0.35);
      runs.awaitRoom(MAX_RUNNING, WIDTH_BUDGET - dag.width(), Duration.ofMinutes(3));
      runs.start("chaos-" + i, dag, ServerIds::fresh, Duration.ofMinutes(2));
      Thread.sleep(1_000 + random.nextInt(2_000)); // pacing: a few seconds between starts
    }
  }

  private static Map<String, Integer> withoutBroker(Map<String, Integer> kills) {
    Map<String, Integer> services = new LinkedHashMap<>(kills);
    services.remove("kafka");
    return services;
  }

  /** The findings, each a list of human-readable lines. */
  record Verdict(
      List<String> lost,
      List<String> wrongStatus,
      List<String> duplicates,
      List<String> violations,
      List<String> skippedButLaunched,
      List<String> manyAttempts,
      List<String> drsDisagrees,
      List<String> jobCount,
      int automations,
      List<String> actions) {

    static Verdict of(Runs runs, GroundTruth truth, List<JsonNode> automations) {
      List<String> lost = new ArrayList<>();
      List<String> wrong = new ArrayList<>();
      List<String> violations = new ArrayList<>();
      List<String> skipped = new ArrayList<>();
      List<String> drs = new ArrayList<>();
      List<String> count = new ArrayList<>();
      long expectedJobs = 0;
      for (Runs.Run run : runs.acknowledged()) {
        Map<String, String> expectedWaves = run.dag().expectedWaveStatus();
        // Whatever plan-service says, DRS itself must show what the plan's shape implies.
        expectedJobs += expectedWaves.values().stream().filter(s -> !s.equals("SKIPPED")).count();
        expectedWaves.forEach((wave, status) -> drs.addAll(drsView(run, wave, status, truth)));
        JsonNode view = run.view();
        if (view == null || !Drills.TERMINAL.contains(view.path("status").asText())) {
          lost.add(run.executionId() + " (" + run.planId() + ") last seen " + view);
          continue;
        }
        String expected = run.dag().expectedExecutionStatus();
        if (!expected.equals(view.path("status").asText())) {
          wrong.add(
              run.executionId()
                  + " "
                  + view.path("status").asText()
                  + ", expected "
                  + expected
                  + " for "
                  + run.dag()
                  + ": "
                  + view);
        }
        expectedWaves.forEach(
            (wave, status) -> {
              String actual = Drills.wave(view, wave).path("status").asText();
              if (!status.equals(actual)) {
                wrong.add(
                    run.executionId()
                        + " wave "
                        + wave
                        + " "
                        + actual
                        + ", expected "
                        + status
                        + " for "
                        + run.dag());
              }
              if (status.equals("SKIPPED") && !truth.jobsOf(run.executionId(), wave).isEmpty()) {
                skipped.add(
                    run.executionId()
                        + " wave "
                        + wave
                        + " launched "
                        + truth.jobsOf(run.executionId(), wave).size()
                        + " job(s)");
              }
            });
        violations.addAll(truth.orderViolations(run.executionId(), run.dag().deps()));
      }
      // Executions nobody acknowledged may still have run: their launches must be in order too.
      // Their end is not awaited, so their jobs are counted as found, not as expected.
      Set<String> known = new HashSet<>();
      runs.acknowledged().forEach(r -> known.add(r.executionId()));
      long orphanJobs = 0;
      for (Runs.Run orphan : runs.startedOrphans()) {
        violations.addAll(truth.orderViolations(orphan.executionId(), orphan.dag().deps()));
        if (known.add(orphan.executionId())) {
          orphanJobs += truth.jobCountOf(orphan.executionId());
        }
      }
      // One job per launched wave: no DRS call fault is injected (a launch fault fails a server
      // inside its job, it does not refuse the call), so every wave that is not skipped is
      // launched by exactly one attempt, and its 1..3 servers fit in one StartRecovery call (at
      // most 100).
      if (truth.jobCount() != expectedJobs + orphanJobs) {
        count.add(
            "DRS holds "
                + truth.jobCount()
                + " jobs, expected "
                + (expectedJobs + orphanJobs)
                + " ("
                + expectedJobs
                + " for the waves of acknowledged executions that are not skipped, "
                + orphanJobs
                + " found for executions of unacknowledged starts)");
      }
      for (String executionId : truth.executionIds()) {
        if (!known.contains(executionId)) {
          count.add(
              "DRS holds "
                  + truth.jobCountOf(executionId)
                  + " job(s) of "
                  + executionId
                  + ", an execution no start is known to have created");
        }
      }
      List<JsonNode> chaosAutomations =
          automations.stream()
              .filter(a -> a.path("documentName").asText().equals(RandomDag.ACTION_DOCUMENT))
              .toList();
      return new Verdict(
          lost,
          wrong,
          truth.duplicates(),
          violations,
          skipped,
          truth.wavesLaunchedByManyAttempts(),
          drs,
          count,
          chaosAutomations.size(),
          ActionFindings.of(runs, truth, chaosAutomations));
    }

    /**
     * What the simulator's DescribeJobs must show for one wave of an acknowledged execution: a
     * COMPLETED wave has exactly one COMPLETED job holding all of its servers, each LAUNCHED; a
     * FAILED wave has exactly one job holding all of its servers, those set to fail not LAUNCHED
     * (whether the others launched is left open: the job may end either way for them); a SKIPPED
     * wave has no job (counted as skipped-but-launched).
     */
    private static List<String> drsView(
        Runs.Run run, String wave, String status, GroundTruth truth) {
      if (status.equals("SKIPPED")) {
        return List.of();
      }
      String where = run.executionId() + " wave " + wave + " (expected " + status + ")";
      List<Job> jobs = truth.jobsOf(run.executionId(), wave);
      if (jobs.size() != 1) {
        return List.of(
            where
                + " has "
                + jobs.size()
                + " DRS job(s), expected 1: "
                + jobs.stream().map(Job::jobID).toList());
      }
      Job job = jobs.get(0);
      List<String> found = new ArrayList<>();
      Map<String, String> launched = new LinkedHashMap<>();
      job.participatingServers()
          .forEach(p -> launched.put(p.sourceServerID(), p.launchStatusAsString()));
      List<String> servers = run.servers().get(wave);
      if (!launched.keySet().equals(Set.copyOf(servers))) {
        found.add(
            where + " job " + job.jobID() + " holds " + launched.keySet() + ", not " + servers);
      }
      if (status.equals("COMPLETED")) {
        if (job.status() != JobStatus.COMPLETED) {
          found.add(where + " job " + job.jobID() + " is " + job.statusAsString() + " in DRS");
        }
        launched.forEach(
            (server, launch) -> {
              if (!"LAUNCHED".equals(launch)) {
                found.add(
                    where + " job " + job.jobID() + ": " + server + " is " + launch + " in DRS");
              }
            });
      } else {
        for (int position : run.dag().failing().get(wave)) {
          String server = servers.get(position);
          if ("LAUNCHED".equals(launched.get(server))) {
            found.add(
                where + " job " + job.jobID() + ": " + server + ", set to fail, LAUNCHED in DRS");
          }
        }
      }
      return found;
    }

    void print() {
      Map<String, List<String>> all = new LinkedHashMap<>();
      all.put("lost", lost);
      all.put("wrong status", wrongStatus);
      all.put("duplicate", duplicates);
      all.put("violation", violations);
      all.put("skipped but launched", skippedButLaunched);
      all.put("launched by several attempts", manyAttempts);
      all.put("DRS disagrees", drsDisagrees);
      all.put("job count", jobCount);
      all.put("wave action", actions);
      all.forEach(
          (what, lines) -> lines.forEach(l -> System.out.println("[chaos] " + what + ": " + l)));
    }
  }
}
