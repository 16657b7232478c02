package io.drsorch.drctl.execution;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.drsorch.drctl.cli.Captured;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code drctl cleanup} against plan-service's contract, over HTTP: the request, the state it
 * prints, and with {@code --wait} the cleanup followed on the execution's view to its end.
 */
class CleanupCommandTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CLEANUP = "/executions/e-1/cleanup";
  private static final String VIEW = "/executions/e-1";

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
  void givenAnEndedDrill_whenCleanedUp_thenRequestedAndHowToWaitForIt() throws Exception {
    // given
    service.on("POST", CLEANUP, 202, answer(requested()));

    // when
    Captured cleaned = drctl("cleanup", "e-1");

    // then
    assertThat(cleaned.code()).as(cleaned.err()).isZero();
    assertThat(cleaned.out())
        .isEqualTo(
            "cleanup of execution e-1 REQUESTED (asked by alice at 2026-01-01T11:00:00Z): the"
                + " scheduler terminates the recovery instances this drill launched\n"
                + "wait for it with: drctl cleanup e-1 --wait\n");
    assertThat(service.only("POST", CLEANUP).contentType()).startsWith("application/json");
    assertThat(JSON.readTree(service.only("POST", CLEANUP).body())).isEmpty();
  }

  @Test
  void givenACleanupThatCompletedBefore_whenCleanedUpAgain_thenItsStateAndTheTerminatedInstances() {
    // given: plan-service answers a second request with the first one's state
    service.on("POST", CLEANUP, 202, answer(ended("COMPLETED", 2, null)));

    // when
    Captured cleaned = drctl("cleanup", "e-1");

    // then
    assertThat(cleaned.code()).isZero();
    assertThat(cleaned.out())
        .isEqualTo(
            "cleanup of execution e-1 COMPLETED (asked by alice at 2026-01-01T11:00:00Z, ended"
                + " 2026-01-01T11:04:00Z): 2 of 2 instances terminated; DRS jobs drsjob-t1\n"
                + "  terminated      i-01\n"
                + "  terminated      i-02\n");
  }

  @Test
  void givenWait_whenTheCleanupRunsThenCompletes_thenItsProgressTheInstancesAndExit0() {
    // given: the view shows no cleanup yet, then RUNNING, then COMPLETED
    service.on("POST", CLEANUP, 202, answer(requested()));
    service.on(
        "GET",
        VIEW,
        200,
        view("null"),
        view(running()),
        view(running()),
        view(ended("COMPLETED", 2, null)));

    // when
    Captured cleaned = drctl("cleanup", "e-1", "--wait", "--interval", "PT0.01S");

    // then
    assertThat(cleaned.code()).as(cleaned.err()).isZero();
    assertThat(cleaned.out())
        .startsWith("cleanup of execution e-1 REQUESTED")
        .containsOnlyOnce(
            "] cleanup of execution e-1 RUNNING (asked by alice at 2026-01-01T11:00:00Z): 0 of 2"
                + " instances terminated; DRS jobs drsjob-t1\n")
        .endsWith(
            "cleanup of execution e-1 COMPLETED (asked by alice at 2026-01-01T11:00:00Z, ended"
                + " 2026-01-01T11:04:00Z): 2 of 2 instances terminated; DRS jobs drsjob-t1\n"
                + "  terminated      i-01\n"
                + "  terminated      i-02\n");
  }

  @Test
  void givenWait_whenTheCleanupFails_thenWhatIsLeftIsListedAndExit3() {
    // given
    service.on("POST", CLEANUP, 202, answer(requested()));
    service.on(
        "GET",
        VIEW,
        200,
        view(ended("FAILED", 1, "\"TERMINATE job drsjob-t1 ended with i-02 not terminated\"")));

    // when
    Captured cleaned = drctl("cleanup", "e-1", "--wait", "--interval", "PT0.01S");

    // then
    assertThat(cleaned.code()).isEqualTo(3);
    assertThat(cleaned.out())
        .contains(
            "cleanup of execution e-1 FAILED (asked by alice at 2026-01-01T11:00:00Z, ended"
                + " 2026-01-01T11:04:00Z): 1 of 2 instances terminated; DRS jobs drsjob-t1:"
                + " TERMINATE job drsjob-t1 ended with i-02 not terminated\n"
                + "  terminated      i-01\n"
                + "  NOT terminated  i-02\n");
  }

  @Test
  void givenWaitAndAnAnswerThatEndedAlready_whenCleanedUp_thenNoViewIsReadAndJsonIsTheEnd()
      throws Exception {
    // given
    service.on("POST", CLEANUP, 202, answer(ended("COMPLETED", 2, null)));

    // when
    Captured cleaned = drctl("cleanup", "e-1", "--wait", "-o", "json");

    // then
    assertThat(cleaned.code()).isZero();
    assertThat(JSON.readTree(cleaned.out()).path("cleanup").path("terminatedInstanceIds"))
        .hasSize(2);
    assertThat(JSON.readTree(cleaned.out()).path("executionId").asText()).isEqualTo("e-1");
    assertThat(service.requests()).hasSize(1);
  }

  @Test
  void givenARecovery_whenCleanedUp_thenTheServicesRefusalIsOneLineAndExit1() {
    // given
    service.on(
        "POST",
        CLEANUP,
        409,
        "{\"error\": \"execution e-1 is a RECOVERY: a RECOVERY's instances are the recovered"
            + " systems: they are never cleaned up by the orchestrator\"}");

    // when
    Captured cleaned = drctl("cleanup", "e-1", "--wait");

    // then
    assertThat(cleaned.code()).isEqualTo(1);
    assertThat(cleaned.err())
        .isEqualTo(
            "drctl: cannot clean up execution 'e-1' (409): execution e-1 is a RECOVERY: a"
                + " RECOVERY's instances are the recovered systems: they are never cleaned up by"
                + " the orchestrator\n");
    assertThat(service.requests()).hasSize(1);
  }

  @Test
  void givenWaitAndATimeout_whenTheCleanupDoesNotEnd_thenExit1SayingItGoesOn() {
    service.on("POST", CLEANUP, 202, answer(requested()));
    service.on("GET", VIEW, 200, view(running()));

    Captured cleaned =
        drctl("cleanup", "e-1", "--wait", "--interval", "PT0.01S", "--timeout", "PT0.2S");

    assertThat(cleaned.code()).isEqualTo(1);
    assertThat(cleaned.err())
        .isEqualTo("drctl: the cleanup of execution e-1 did not end within PT0.2S; it goes on\n");
  }

  private static String requested() {
    return """
        {"status": "REQUESTED", "requestedBy": "alice", "requestedAt": "2026-01-01T11:00:00Z",
         "endedAt": null, "jobIds": [], "instanceIds": [], "terminatedInstanceIds": [],
         "reason": null}""";
  }

  private static String running() {
    return """
        {"status": "RUNNING", "requestedBy": "alice", "requestedAt": "2026-01-01T11:00:00Z",
         "endedAt": null, "jobIds": ["drsjob-t1"], "instanceIds": ["i-01", "i-02"],
         "terminatedInstanceIds": [], "reason": null}""";
  }

  /** Ended with the first {@code terminated} of i-01, i-02 terminated. */
  private static String ended(String status, int terminated, String reason) {
    List<String> ids = new ArrayList<>();
    for (int i = 1; i <= terminated; i++) {
      ids.add("\"i-0" + i + "\"");
    }
    return """
        {"status": "%s", "requestedBy": "alice", "requestedAt": "2026-01-01T11:00:00Z",
         "endedAt": "2026-01-01T11:04:00Z", "jobIds": ["drsjob-t1"], "instanceIds": ["i-01", "i-02"],
         "terminatedInstanceIds": [%s], "reason": %s}"""
        .formatted(status, String.join(", ", ids), reason == null ? "null" : reason);
  }

  private static String answer(String cleanup) {
    return "{\"executionId\": \"e-1\", \"cleanup\": " + cleanup + "}";
  }

  private static String view(String cleanup) {
    return """
        {"executionId": "e-1", "planId": "three-tier", "planVersion": 1, "mode": "DRILL",
         "status": "COMPLETED", "startedAt": "2026-01-01T10:00:00Z",
         "endedAt": "2026-01-01T10:00:40Z", "waves": [], "cleanup": %s}"""
        .formatted(cleanup);
  }

  private Captured drctl(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.add("--url");
    all.add(service.url());
    return Captured.run(all.toArray(String[]::new));
  }
}
