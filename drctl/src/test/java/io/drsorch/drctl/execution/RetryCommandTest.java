package io.drsorch.drctl.execution;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.drsorch.drctl.cli.Captured;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code drctl retry} against plan-service's contract, over HTTP: the request, and with {@code
 * --follow} the new execution followed to its end like {@code run --follow}.
 */
class RetryCommandTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String RETRY = "/executions/e-1/retry";

  private PlanServiceStub service;

  @BeforeEach
  void start() throws Exception {
    service = PlanServiceStub.start();
  }

  @AfterEach
  void stop() {
    service.close();
  }

  @Test
  void givenSkippedWavesAndAReason_whenRetried_thenBothAreSentAndTheLineNamesTheNewExecution()
      throws Exception {
    // given
    service.on("POST", RETRY, 202, "{\"executionId\": \"e-2\"}");

    // when
    Captured retried =
        drctl(
            "retry",
            "e-1",
            "--skip-wave",
            "app1",
            "--skip-wave",
            "app2",
            "--reason",
            "app1 and app2 recovered by hand");

    // then
    assertThat(retried.code()).as(retried.err()).isZero();
    assertThat(retried.out())
        .isEqualTo(
            "retry of execution e-1 requested: execution e-2, with app1, app2 marked done without"
                + " relaunching; follow it with: drctl status e-2 --follow\n");
    assertThat(JSON.readTree(service.only("POST", RETRY).body()))
        .isEqualTo(
            JSON.readTree(
                "{\"skipWaves\": [\"app1\", \"app2\"], \"reason\": \"app1 and app2 recovered by"
                    + " hand\"}"));
  }

  @Test
  void givenNoOptions_whenRetried_thenAnEmptyBodyAndJsonOutputIsTheAnswer() throws Exception {
    service.on("POST", RETRY, 202, "{\"executionId\": \"e-2\"}");

    Captured retried = drctl("retry", "e-1", "-o", "json");

    assertThat(retried.code()).isZero();
    assertThat(JSON.readTree(retried.out())).isEqualTo(JSON.readTree("{\"executionId\": \"e-2\"}"));
    assertThat(JSON.readTree(service.only("POST", RETRY).body())).isEmpty();
  }

  @Test
  void givenARunningExecution_whenRetried_thenTheConflictIsOneLineAndNothingIsFollowed() {
    service.on(
        "POST",
        RETRY,
        409,
        "{\"error\": \"execution e-1 is RUNNING; only a FAILED or TIMED_OUT execution can be"
            + " retried\"}");

    Captured retried = drctl("retry", "e-1", "--follow");

    assertThat(retried.code()).isEqualTo(1);
    assertThat(retried.err())
        .isEqualTo(
            "drctl: cannot retry execution 'e-1' (409): execution e-1 is RUNNING; only a FAILED or"
                + " TIMED_OUT execution can be retried\n");
    assertThat(service.requests()).hasSize(1);
  }

  @Test
  void givenAnUnknownWaveToSkip_whenRetried_thenTheFieldErrorNamesItsPath() {
    service.on(
        "POST",
        RETRY,
        400,
        "{\"errors\": [{\"path\": \"skipWaves[0]\", \"message\": \"no wave 'ap1' in the plan\"}]}");

    Captured retried = drctl("retry", "e-1", "--skip-wave", "ap1");

    assertThat(retried.code()).isEqualTo(1);
    assertThat(retried.err())
        .isEqualTo(
            "drctl: cannot retry execution 'e-1' (400): skipWaves[0]: no wave 'ap1' in the"
                + " plan\n");
  }

  @ParameterizedTest(name = "a retry that ends {0} exits {1}")
  @CsvSource({"COMPLETED, 0", "FAILED, 3", "TIMED_OUT, 4", "CANCELLED, 5"})
  void givenFollow_whenTheRetryEnds_thenItsLiveViewSummaryAndExitCodeAsForRun(
      String outcome, int exitCode) {
    // given: the new execution runs once, then ends
    service.on("POST", RETRY, 202, "{\"executionId\": \"e-2\"}");
    service.on("GET", "/executions/e-2", 200, view("RUNNING", null), view(outcome, "10:00:40Z"));

    // when
    Captured followed = drctl("retry", "e-1", "--follow", "--interval", "PT0.01S");

    // then
    assertThat(followed.code()).as(followed.err()).isEqualTo(exitCode);
    assertThat(followed.out())
        .startsWith("retry of execution e-1 requested: execution e-2\n")
        .contains("DRILL e-2  plan three-tier v1  RUNNING")
        .contains("  retry of execution e-1")
        .contains("execution e-2 " + outcome + " in 40.0 s");
  }

  @Test
  void givenFollowAndJson_whenTheRetryEnds_thenOnlyItsFinalViewIsPrinted() throws Exception {
    service.on("POST", RETRY, 202, "{\"executionId\": \"e-2\"}");
    service.on("GET", "/executions/e-2", 200, view("COMPLETED", "10:00:40Z"));

    Captured followed = drctl("retry", "e-1", "--follow", "--interval", "PT0.01S", "-o", "json");

    assertThat(followed.code()).isZero();
    assertThat(JSON.readTree(followed.out()).path("retryOf").asText()).isEqualTo("e-1");
  }

  /** The view of the retry e-2 of e-1: its carried-over db wave, its relaunched app wave. */
  private static String view(String status, String endedAt) {
    String ended = endedAt == null ? "null" : "\"2026-01-01T" + endedAt + "\"";
    String now = endedAt == null ? "RUNNING" : status;
    return """
        {"executionId": "e-2", "planId": "three-tier", "planVersion": 1, "mode": "DRILL",
         "status": "%s", "startedAt": "2026-01-01T10:00:00Z", "endedAt": %s, "retryOf": "e-1",
         "waves": [
          {"waveId": "db", "status": "COMPLETED", "dependsOn": [], "attempt": 0, "jobIds": [],
           "startedAt": null, "endedAt": "2026-01-01T10:00:00Z",
           "reason": "completed in execution e-1", "carriedOverFrom": "e-1",
           "servers": [{"sourceServerId": "s-1", "launchStatus": "LAUNCHED"}]},
          {"waveId": "app", "status": "%s", "dependsOn": ["db"], "attempt": 1,
           "jobIds": ["drsjob-2"], "startedAt": "2026-01-01T10:00:01Z", "endedAt": %s,
           "servers": [{"sourceServerId": "s-2", "launchStatus": "IN_PROGRESS"}]}]}
        """
        .formatted(now, ended, now, ended);
  }

  private Captured drctl(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.add("--url");
    all.add(service.url());
    return Captured.run(all.toArray(String[]::new));
  }
}
