package io.drsorch.drctl.execution;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.drsorch.drctl.cli.Captured;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code drctl run}'s drill lifecycle options, as the body of POST /plans/{id}/executions. */
class RunOptionsTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String START = "/plans/three-tier/executions";

  private PlanServiceStub service;

  @BeforeEach
  void start() throws Exception {
    service = PlanServiceStub.start();
    service.on("POST", START, 202, "{\"executionId\": \"e-1\"}");
  }

  @AfterEach
  void stop() {
    service.close();
  }

  @Test
  void givenPreflightAndPointInTime_whenRun_thenBothAreInTheBody() throws Exception {
    // when
    Captured run =
        drctl(
            "run",
            "three-tier",
            "--drill",
            "--preflight",
            "WARN",
            "--point-in-time",
            "2026-11-22T10:00:00Z");

    // then
    assertThat(run.code()).as(run.err()).isZero();
    assertThat(JSON.readTree(service.only("POST", START).body()))
        .isEqualTo(
            JSON.readTree(
                "{\"mode\": \"DRILL\", \"preflight\": \"WARN\", \"pointInTime\":"
                    + " \"2026-11-22T10:00:00Z\"}"));
    assertThat(run.out()).startsWith("DRILL of plan three-tier requested: execution e-1\n");
  }

  @Test
  void givenARecoveryEnforcedInLowerCase_whenRun_thenSentAsTheServiceSpellsIt() throws Exception {
    Captured run = drctl("run", "three-tier", "--recovery", "--yes", "--preflight", "enforce");

    assertThat(run.code()).as(run.err()).isZero();
    assertThat(JSON.readTree(service.only("POST", START).body()))
        .isEqualTo(JSON.readTree("{\"mode\": \"RECOVERY\", \"preflight\": \"ENFORCE\"}"));
  }

  @Test
  void givenNoOptions_whenRun_thenOnlyTheMode() throws Exception {
    Captured run = drctl("run", "three-tier", "--drill");

    assertThat(run.code()).isZero();
    assertThat(JSON.readTree(service.only("POST", START).body()))
        .isEqualTo(JSON.readTree("{\"mode\": \"DRILL\"}"));
  }

  @Test
  void givenAnUnknownPreflightMode_whenRun_thenUsageErrorAndNothingSent() {
    Captured run = drctl("run", "three-tier", "--drill", "--preflight", "LAX");

    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).contains("--preflight").contains("ENFORCE, WARN");
    assertThat(service.requests()).isEmpty();
  }

  @Test
  void givenAPointInTimeTheServiceRefuses_whenRun_thenItsFieldErrorIsShown() {
    service.on(
        "POST",
        START,
        400,
        "{\"errors\": [{\"path\": \"pointInTime\", \"message\": \"pointInTime 'yesterday' is not"
            + " an ISO-8601 instant, e.g. 2026-11-22T10:00:00Z\"}]}");

    Captured run = drctl("run", "three-tier", "--drill", "--point-in-time", "yesterday");

    assertThat(run.code()).isEqualTo(1);
    assertThat(run.err())
        .isEqualTo(
            "drctl: cannot start plan 'three-tier' (400): pointInTime: pointInTime 'yesterday' is"
                + " not an ISO-8601 instant, e.g. 2026-11-22T10:00:00Z\n");
  }

  private Captured drctl(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.add("--url");
    all.add(service.url());
    return Captured.run(all.toArray(String[]::new));
  }
}
