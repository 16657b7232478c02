package io.drsorch.drctl.execution;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.drsorch.drctl.cli.Captured;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code drctl pause} and {@code drctl resume} against plan-service's contract, over HTTP. */
class PauseResumeCommandsTest {

  private static final ObjectMapper JSON = new ObjectMapper();

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
  void givenARunningExecution_whenPausedWithAReason_thenItIsSentAndTheLineSaysHowToResume()
      throws Exception {
    // given
    service.on(
        "POST", "/executions/e-1/pause", 202, "{\"executionId\": \"e-1\", \"commandId\": \"c-3\"}");

    // when
    Captured paused = drctl("pause", "e-1", "--reason", "network change at 10:00");

    // then
    assertThat(paused.code()).as(paused.err()).isZero();
    assertThat(paused.out())
        .isEqualTo(
            "pause of execution e-1 requested (command c-3): nothing new launches; resume with:"
                + " drctl resume e-1\n");
    assertThat(JSON.readTree(service.only("POST", "/executions/e-1/pause").body()))
        .isEqualTo(JSON.readTree("{\"reason\": \"network change at 10:00\"}"));
  }

  @Test
  void givenJsonOutput_whenPaused_thenTheServicesAnswerIsPrinted() throws Exception {
    service.on(
        "POST", "/executions/e-1/pause", 202, "{\"executionId\": \"e-1\", \"commandId\": \"c-3\"}");

    Captured paused = drctl("pause", "e-1", "-o", "json");

    assertThat(paused.code()).isZero();
    assertThat(JSON.readTree(paused.out()))
        .isEqualTo(JSON.readTree("{\"executionId\": \"e-1\", \"commandId\": \"c-3\"}"));
    assertThat(JSON.readTree(service.only("POST", "/executions/e-1/pause").body())).isEmpty();
  }

  @Test
  void givenAnEndedExecution_whenPaused_thenTheConflictIsOneLine() {
    service.on(
        "POST",
        "/executions/e-1/pause",
        409,
        "{\"error\": \"execution e-1 already ended: COMPLETED\"}");

    Captured paused = drctl("pause", "e-1");

    assertThat(paused.code()).isEqualTo(1);
    assertThat(paused.err())
        .isEqualTo(
            "drctl: cannot pause execution 'e-1' (409): execution e-1 already ended: COMPLETED\n");
  }

  @Test
  void givenAPausedExecution_whenResumed_thenOneLineConfirms() {
    service.on(
        "POST",
        "/executions/e-1/resume",
        202,
        "{\"executionId\": \"e-1\", \"commandId\": \"c-4\"}");

    Captured resumed = drctl("resume", "e-1");

    assertThat(resumed.code()).as(resumed.err()).isZero();
    assertThat(resumed.out())
        .isEqualTo(
            "resume of execution e-1 requested (command c-4): waves that became ready meanwhile"
                + " launch now\n");
    assertThat(service.only("POST", "/executions/e-1/resume").contentType())
        .isEqualTo("application/json");
  }

  @Test
  void givenAnExecutionThatIsNotPaused_whenResumed_thenTheConflictIsOneLine() {
    service.on(
        "POST", "/executions/e-1/resume", 409, "{\"error\": \"execution e-1 is not paused\"}");

    Captured resumed = drctl("resume", "e-1");

    assertThat(resumed.code()).isEqualTo(1);
    assertThat(resumed.err())
        .isEqualTo("drctl: cannot resume execution 'e-1' (409): execution e-1 is not paused\n");
  }

  @Test
  void givenAnUnknownExecution_whenResumed_thenNotFoundInOneLine() {
    service.on(
        "POST", "/executions/e-9/resume", 404, "{\"error\": \"execution e-9 is not known (yet)\"}");

    Captured resumed = drctl("resume", "e-9");

    assertThat(resumed.code()).isEqualTo(1);
    assertThat(resumed.err())
        .isEqualTo(
            "drctl: cannot resume execution 'e-9' (404): execution e-9 is not known (yet)\n");
  }

  private Captured drctl(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.add("--url");
    all.add(service.url());
    return Captured.run(all.toArray(String[]::new));
  }
}
