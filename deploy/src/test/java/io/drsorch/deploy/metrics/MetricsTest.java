package io.drsorch.deploy.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.drsorch.deploy.e2e.LocalStack;
import io.drsorch.deploy.support.Drills;
import io.drsorch.deploy.support.Prometheus;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every service's /q/metrics, checked against what happened: after a drill of three waves in a
 * chain, the plan-service's view and the scheduler counted it, the launcher counted two dependency
 * hops, and the DRS calls the services counted are the calls the simulator served.
 *
 * <p>On the stack the fault, hostile-input, operator and lifecycle tests share (it runs right after
 * them): whatever they did is history, so every counted figure is compared over this drill alone
 * (after minus before), once the stack is idle (no job counted against the quota, none watched).
 */
class MetricsTest {

  @RegisterExtension
  static final LocalStack STACK =
      LocalStack.shared(
          "faults-stack", Map.of("SIM_PENDING_SECONDS", "0.5", "SIM_STARTED_SECONDS", "1"));

  private static final Map<String, String> SERVICES = new LinkedHashMap<>();

  static {
    SERVICES.put("plan-service", "PLAN_SERVICE_PORT");
    SERVICES.put("wave-scheduler", "SCHEDULER_PORT");
    SERVICES.put("drs-launcher", "LAUNCHER_PORT");
    SERVICES.put("job-watcher", "WATCHER_PORT");
  }

  private static final List<String> OPERATIONS = List.of("StartRecovery", "DescribeJobs");

  @Test
  void givenAThreeWaveDrill_thenEveryServiceExposesItsFigures_andTheyAgreeWithWhatHappened()
      throws Exception {
    // given
    Drills drills = new Drills(STACK);
    Map<String, List<String>> servers = drills.servers(2, "db", "app", "web");
    String plan = drills.plan(servers, Map.of("app", List.of("db"), "web", List.of("app")));
    // an idle stack: nothing an earlier class started still runs or is polled, so that what is
    // counted from here on is this drill's
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(
            () -> {
              String scheduler = metrics("SCHEDULER_PORT");
              String watcher = metrics("WATCHER_PORT");
              assertThat(watcher).contains("drsorch_watcher_jobs_watched");
              assertThat(sum(scheduler, "drsorch_quota_active_jobs", Map.of()))
                  .as("jobs counted against the quota before the drill")
                  .isZero();
              assertThat(sum(watcher, "drsorch_watcher_jobs_watched", Map.of()))
                  .as("jobs watched before the drill")
                  .isZero();
            });
    // DRS calls are compared over the drill: the figures before it are read on either side of the
    // simulator's, until no service counted a call meanwhile (one in flight would be counted on
    // one side only)
    Map<String, String> before = new LinkedHashMap<>();
    Map<String, Long> servedBefore = Map.of();
    for (int attempt = 0; ; attempt++) {
      String launcher = metrics("LAUNCHER_PORT");
      String watcher = metrics("WATCHER_PORT");
      servedBefore = drills.simulator().callCounts();
      before.put("drs-launcher", metrics("LAUNCHER_PORT"));
      before.put("job-watcher", metrics("WATCHER_PORT"));
      if (calls(launcher, watcher)
              .equals(calls(before.get("drs-launcher"), before.get("job-watcher")))
          || attempt == 20) {
        break;
      }
      Thread.sleep(250);
    }
    before.put("plan-service", metrics("PLAN_SERVICE_PORT"));
    before.put("wave-scheduler", metrics("SCHEDULER_PORT"));

    // when
    String status = drills.runToEnd(plan, Duration.ofMinutes(2)).path("status").asText();

    // then: every service answers with its drsorch_ series
    assertThat(status).isEqualTo("COMPLETED");
    Map<String, String> metrics = new LinkedHashMap<>();
    for (Map.Entry<String, String> service : SERVICES.entrySet()) {
      String text = metrics(service.getValue());
      metrics.put(service.getKey(), text);
      assertThat(text).as(service.getKey() + " /q/metrics").contains("drsorch_");
    }
    // and: the plan-service's view holds one more COMPLETED execution, the scheduler ended one
    // more and timed its three waves
    Map<String, String> completed = Map.of("status", "COMPLETED");
    assertThat(metrics.get("plan-service")).contains("drsorch_executions{");
    assertThat(
            delta(
                before.get("plan-service"),
                metrics.get("plan-service"),
                "drsorch_executions",
                completed))
        .as("COMPLETED executions in the plan-service's view")
        .isEqualTo(1);
    assertThat(metrics.get("wave-scheduler")).contains("drsorch_wave_duration_seconds_count{");
    assertThat(
            delta(
                before.get("wave-scheduler"),
                metrics.get("wave-scheduler"),
                "drsorch_executions_ended_total",
                completed))
        .as("executions the scheduler ended COMPLETED")
        .isEqualTo(1);
    assertThat(
            delta(
                before.get("wave-scheduler"),
                metrics.get("wave-scheduler"),
                "drsorch_wave_duration_seconds_count",
                completed))
        .as("waves the scheduler timed to COMPLETED")
        .isEqualTo(3);
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(sum(metrics("SCHEDULER_PORT"), "drsorch_quota_active_jobs", Map.of()))
                    .as("jobs counted against the quota once every wave ended")
                    .isZero());

    // and: two dependency hops (db -> app, app -> web), each measured once
    String launcherBefore = before.get("drs-launcher");
    String launcherAfter = metrics.get("drs-launcher");
    double hops =
        delta(launcherBefore, launcherAfter, "drsorch_hop_latency_seconds_count", Map.of());
    System.out.printf(
        "[metrics] hops=%.0f mean hop %.0f ms%n",
        hops,
        1000
            * delta(launcherBefore, launcherAfter, "drsorch_hop_latency_seconds_sum", Map.of())
            / hops);
    assertThat(hops).isEqualTo(2);

    // and: once the watcher has nothing left to poll, the DRS calls counted by the services are
    // those the simulator served, operation by operation
    Map<String, Long> servedFrom = servedBefore;
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofSeconds(2))
        .untilAsserted(
            () -> {
              Map<String, Long> served = drills.simulator().callCounts();
              String launcher = metrics("LAUNCHER_PORT");
              String watcher = metrics("WATCHER_PORT");
              for (String operation : OPERATIONS) {
                Map<String, String> labels = Map.of("operation", operation);
                double counted =
                    delta(launcherBefore, launcher, "drsorch_drs_calls_total", labels)
                        + delta(
                            before.get("job-watcher"), watcher, "drsorch_drs_calls_total", labels);
                assertThat(counted)
                    .as(operation + " counted by the services vs served by the simulator")
                    .isEqualTo(
                        (double)
                            (served.getOrDefault(operation, 0L)
                                - servedFrom.getOrDefault(operation, 0L)));
              }
            });
    assertThat(
            delta(
                launcherBefore,
                metrics("LAUNCHER_PORT"),
                "drsorch_drs_calls_total",
                Map.of("operation", "StartRecovery")))
        .isEqualTo(3);
  }

  /** The DRS calls the launcher and the watcher counted, by operation. */
  private static List<Double> calls(String launcher, String watcher) {
    return OPERATIONS.stream()
        .map(
            operation ->
                sum(launcher, "drsorch_drs_calls_total", Map.of("operation", operation))
                    + sum(watcher, "drsorch_drs_calls_total", Map.of("operation", operation)))
        .toList();
  }

  private static String metrics(String portVariable) throws Exception {
    return Prometheus.scrape(STACK, portVariable);
  }

  private static double sum(String text, String name, Map<String, String> labels) {
    return Prometheus.sum(text, name, labels);
  }

  /** How much a series grew from one reading to the next. */
  private static double delta(
      String before, String after, String name, Map<String, String> labels) {
    return sum(after, name, labels) - sum(before, name, labels);
  }
}
