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
 * Every service's /q/metrics on a stack of its own, checked against what happened: after a drill of
 * three waves in a chain, the launcher counted two dependency hops, and the DRS calls the services
 * counted are the calls the simulator served.
 */
class MetricsTest {

  @RegisterExtension
  static final LocalStack STACK =
      LocalStack.named(
          "metrics-stack", Map.of("SIM_PENDING_SECONDS", "1", "SIM_STARTED_SECONDS", "1"));

  private static final Map<String, String> SERVICES = new LinkedHashMap<>();

  static {
    SERVICES.put("plan-service", "PLAN_SERVICE_PORT");
    SERVICES.put("wave-scheduler", "SCHEDULER_PORT");
    SERVICES.put("drs-launcher", "LAUNCHER_PORT");
    SERVICES.put("job-watcher", "WATCHER_PORT");
  }

  @Test
  void givenAThreeWaveDrill_thenEveryServiceExposesItsFigures_andTheyAgreeWithWhatHappened()
      throws Exception {
    // given
    Drills drills = new Drills(STACK);
    Map<String, List<String>> servers = drills.servers(2, "db", "app", "web");
    String plan = drills.plan(servers, Map.of("app", List.of("db"), "web", List.of("app")));
    // DRS calls are compared over the drill: what the services did before it (the warm-up call
    // each makes at start, counted or not depending on when its registry settled) is left out
    drills.simulator().resetCallCounts();
    String launcherBefore = metrics("LAUNCHER_PORT");
    String watcherBefore = metrics("WATCHER_PORT");

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
    assertThat(metrics.get("plan-service")).contains("drsorch_executions{");
    assertThat(metrics.get("wave-scheduler")).contains("drsorch_wave_duration_seconds_count{");
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(sum(metrics("SCHEDULER_PORT"), "drsorch_quota_active_jobs", Map.of()))
                    .as("jobs counted against the quota once every wave ended")
                    .isZero());

    // and: two dependency hops (db -> app, app -> web), each measured once
    double hops = sum(metrics.get("drs-launcher"), "drsorch_hop_latency_seconds_count", Map.of());
    System.out.printf(
        "[metrics] hops=%.0f mean hop %.0f ms%n",
        hops,
        1000
            * sum(metrics.get("drs-launcher"), "drsorch_hop_latency_seconds_sum", Map.of())
            / hops);
    assertThat(hops).isEqualTo(2);

    // and: once the watcher has nothing left to poll, the DRS calls counted by the services are
    // those the simulator served, operation by operation
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofSeconds(2))
        .untilAsserted(
            () -> {
              Map<String, Long> served = drills.simulator().callCounts();
              String launcher = metrics("LAUNCHER_PORT");
              String watcher = metrics("WATCHER_PORT");
              for (String operation : List.of("StartRecovery", "DescribeJobs")) {
                Map<String, String> labels = Map.of("operation", operation);
                double counted =
                    sum(launcher, "drsorch_drs_calls_total", labels)
                        - sum(launcherBefore, "drsorch_drs_calls_total", labels)
                        + sum(watcher, "drsorch_drs_calls_total", labels)
                        - sum(watcherBefore, "drsorch_drs_calls_total", labels);
                assertThat(counted)
                    .as(operation + " counted by the services vs served by the simulator")
                    .isEqualTo(served.getOrDefault(operation, 0L).doubleValue());
              }
            });
    assertThat(
            sum(
                metrics("LAUNCHER_PORT"),
                "drsorch_drs_calls_total",
                Map.of("operation", "StartRecovery")))
        .isEqualTo(3);
  }

  private static String metrics(String portVariable) throws Exception {
    return Prometheus.scrape(STACK, portVariable);
  }

  private static double sum(String text, String name, Map<String, String> labels) {
    return Prometheus.sum(text, name, labels);
  }
}
