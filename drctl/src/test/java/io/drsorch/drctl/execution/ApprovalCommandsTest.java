package io.drsorch.drctl.execution;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.drsorch.drctl.cli.Captured;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code drctl approve} and {@code drctl reject} against plan-service's contract, over HTTP. */
class ApprovalCommandsTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String APPROVE = "/executions/e-1/waves/app/approve";
  private static final String REJECT = "/executions/e-1/waves/app/reject";

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
  void
      givenAWaveWaitingForApproval_whenApprovedWithAComment_thenTheCommentIsSentAndOneLineConfirms()
          throws Exception {
    // given
    service.on(
        "POST",
        APPROVE,
        202,
        "{\"executionId\": \"e-1\", \"waveId\": \"app\", \"commandId\": \"c-1\"}");

    // when
    Captured approved = drctl("approve", "e-1", "app", "--comment", "database checked");

    // then
    assertThat(approved.code()).as(approved.err()).isZero();
    assertThat(approved.out())
        .isEqualTo(
            "approval of wave app of execution e-1 requested (command c-1): it launches unless the"
                + " execution is paused\n");
    PlanServiceStub.Request sent = service.only("POST", APPROVE);
    assertThat(sent.contentType()).isEqualTo("application/json");
    assertThat(JSON.readTree(sent.body()))
        .isEqualTo(JSON.readTree("{\"comment\": \"database checked\"}"));
  }

  @Test
  void givenNoComment_whenApproved_thenTheBodyLeavesItOut() throws Exception {
    service.on(
        "POST",
        APPROVE,
        202,
        "{\"executionId\": \"e-1\", \"waveId\": \"app\", \"commandId\": \"c-1\"}");

    Captured approved = drctl("approve", "e-1", "app");

    assertThat(approved.code()).isZero();
    assertThat(JSON.readTree(service.only("POST", APPROVE).body())).isEmpty();
  }

  @Test
  void givenJsonOutput_whenApproved_thenTheServicesAnswerIsPrinted() throws Exception {
    service.on(
        "POST",
        APPROVE,
        202,
        "{\"executionId\": \"e-1\", \"waveId\": \"app\", \"commandId\": \"c-1\"}");

    Captured approved = drctl("approve", "e-1", "app", "-o", "json");

    assertThat(approved.code()).isZero();
    assertThat(JSON.readTree(approved.out()).path("commandId").asText()).isEqualTo("c-1");
  }

  @Test
  void givenAWaveThatNoLongerWaits_whenApproved_thenTheConflictIsOneLineInTheServicesWords() {
    // given: it timed out meanwhile
    service.on(
        "POST", APPROVE, 409, "{\"error\": \"wave app is not waiting for approval: TIMED_OUT\"}");

    // when
    Captured approved = drctl("approve", "e-1", "app");

    // then
    assertThat(approved.code()).isEqualTo(1);
    assertThat(approved.out()).isEmpty();
    assertThat(approved.err())
        .isEqualTo(
            "drctl: cannot approve wave 'app' of execution 'e-1' (409): wave app is not waiting"
                + " for approval: TIMED_OUT\n");
  }

  @Test
  void givenAnUnknownExecution_whenApproved_thenNotFoundInOneLine() {
    service.on(
        "POST",
        "/executions/e-9/waves/app/approve",
        404,
        "{\"error\": \"execution e-9 is not known (yet)\"}");

    Captured approved = drctl("approve", "e-9", "app");

    assertThat(approved.code()).isEqualTo(1);
    assertThat(approved.err())
        .isEqualTo(
            "drctl: cannot approve wave 'app' of execution 'e-9' (404): execution e-9 is not known"
                + " (yet)\n");
  }

  @Test
  void givenAReason_whenRejected_thenItIsSentAndTheConfirmationSaysWhatFollows() throws Exception {
    service.on(
        "POST",
        REJECT,
        202,
        "{\"executionId\": \"e-1\", \"waveId\": \"app\", \"commandId\": \"c-2\"}");

    Captured rejected = drctl("reject", "e-1", "app", "--reason", "web tier not needed today");

    assertThat(rejected.code()).as(rejected.err()).isZero();
    assertThat(rejected.out())
        .isEqualTo(
            "rejection of wave app of execution e-1 requested (command c-2): it is skipped, with"
                + " every wave that depends on it\n");
    assertThat(JSON.readTree(service.only("POST", REJECT).body()))
        .isEqualTo(JSON.readTree("{\"reason\": \"web tier not needed today\"}"));
  }

  @Test
  void givenAFieldError_whenRejected_thenTheLineNamesTheField() {
    service.on(
        "POST",
        REJECT,
        400,
        "{\"errors\": [{\"path\": \"reason\", \"message\": \"must be at most 500 characters\"}]}");

    Captured rejected = drctl("reject", "e-1", "app", "--reason", "x".repeat(501));

    assertThat(rejected.code()).isEqualTo(1);
    assertThat(rejected.err())
        .isEqualTo(
            "drctl: cannot reject wave 'app' of execution 'e-1' (400): reason: must be at most 500"
                + " characters\n");
  }

  @Test
  void givenNoWave_whenApproved_thenUsageErrorAndNothingSent() {
    Captured approved = drctl("approve", "e-1");

    assertThat(approved.code()).isEqualTo(2);
    assertThat(approved.err()).contains("WAVE").contains("see: approve --help");
    assertThat(service.requests()).isEmpty();
  }

  private Captured drctl(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.add("--url");
    all.add(service.url());
    return Captured.run(all.toArray(String[]::new));
  }
}
