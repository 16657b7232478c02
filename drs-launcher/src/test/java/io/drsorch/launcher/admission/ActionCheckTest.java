package io.drsorch.launcher.admission;

import static org.assertj.core.api.Assertions.assertThat;

import io.drsorch.avro.ActionPhase;
import io.drsorch.avro.ActionType;
import io.drsorch.avro.RunWaveAction;
import io.drsorch.avro.WaveAction;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ActionCheckTest {

  @Test
  void givenTheSchedulersKindOfCommands_whenChecked_thenNoProblem() {
    // given an automation through a role, and an HTTP check
    RunWaveAction automation =
        command(
            WaveAction.newBuilder()
                .setName("restart-app")
                .setType(ActionType.SSM_AUTOMATION)
                .setDocumentName("AWS-RestartEC2Instance")
                .setDocumentVersion("$DEFAULT")
                .setParameters(Map.of("InstanceId", List.of("{{recoveryInstanceIds}}")))
                .build());
    automation.setAccountId("111122223333");
    automation.setRoleArn("arn:aws:iam::111122223333:role/DrsOrchestrator");
    automation.setRecoveryInstanceIds(List.of("i-0123456789abcdef0"));
    RunWaveAction check =
        command(
            WaveAction.newBuilder()
                .setName("health")
                .setType(ActionType.HTTP_CHECK)
                .setUrl("https://app.example.com/health?deep=1")
                .build());
    // when / then
    for (RunWaveAction command : List.of(automation, check)) {
      assertThat(ActionCheck.identity(command).toList()).isEmpty();
      assertThat(ActionCheck.start(command).toList()).isEmpty();
    }
  }

  @Test
  void givenAMalformedIdentity_whenChecked_thenEachNamed() {
    // given
    RunWaveAction command = command(http("http://x"));
    command.setExecutionId("exec/1");
    command.setWaveId("");
    command.setIndex(-1);
    // when
    String summary = ActionCheck.identity(command).summary();
    // then
    assertThat(summary)
        .startsWith("4 problems: ")
        .contains("executionId: ")
        .contains("waveId: ")
        .contains("requestId: must start with the executionId and '/'")
        .contains("index: must be 0 or more, got -1");
  }

  @Test
  void givenAMalformedAutomation_whenChecked_thenEachNamedWithItsPath() {
    // given
    Map<String, List<String>> parameters = new HashMap<>();
    parameters.put("bad name!", List.of("x"));
    parameters.put("Long", List.of("y".repeat(ActionCheck.MAX_VALUE_LENGTH + 1)));
    RunWaveAction command =
        command(
            WaveAction.newBuilder()
                .setName("restart-app")
                .setType(ActionType.SSM_AUTOMATION)
                .setTimeoutMinutes(0)
                .setDocumentName("x")
                .setDocumentVersion("latest")
                .setParameters(parameters)
                .build());
    // when
    String summary = ActionCheck.start(command).summary();
    // then
    assertThat(summary)
        .startsWith("5 problems: ")
        .contains("action.timeoutMinutes: must be between 1 and 1440, got 0")
        .contains("action.documentName: not an SSM document name")
        .contains("action.documentVersion: not a document version")
        .contains("action.parameters: not a parameter name: 'bad name!'")
        .contains("action.parameters.Long[0]: 1025 characters, at most 1024");
  }

  @Test
  void givenAMalformedHttpCheck_whenChecked_thenEachNamedWithItsPath() {
    // given
    RunWaveAction command =
        command(
            WaveAction.newBuilder()
                .setName("health")
                .setType(ActionType.HTTP_CHECK)
                .setUrl("file:///etc/passwd")
                .setExpectStatus(42)
                .setIntervalSeconds(0)
                .build());
    // when
    String summary = ActionCheck.start(command).summary();
    // then
    assertThat(summary)
        .startsWith("3 problems: ")
        .contains("action.url: not an absolute http or https URL: 'file:///etc/passwd'")
        .contains("action.expectStatus: not an HTTP status: 42")
        .contains("action.intervalSeconds: must be between 1 and 3600, got 0");
    assertThat(ActionCheck.start(command(http(null))).summary())
        .isEqualTo("1 problem: action.url: an HTTP_CHECK action needs a url");
  }

  @Test
  void givenARoleOfAnotherAccount_whenChecked_thenRefused() {
    // given
    RunWaveAction command = command(http("http://x"));
    command.setAccountId("111122223333");
    command.setRoleArn("arn:aws:iam::444455556666:role/DrsOrchestrator");
    // when / then
    assertThat(ActionCheck.start(command).summary())
        .isEqualTo(
            "1 problem: roleArn: role of account 444455556666, not of the wave's account"
                + " 111122223333");
  }

  private static WaveAction http(String url) {
    return WaveAction.newBuilder()
        .setName("health")
        .setType(ActionType.HTTP_CHECK)
        .setUrl(url)
        .build();
  }

  private static RunWaveAction command(WaveAction action) {
    return RunWaveAction.newBuilder()
        .setId("cmd-1")
        .setExecutionId("exec-1")
        .setOccurredAt(Instant.parse("2026-12-01T10:00:00Z"))
        .setRequestId("exec-1/app/1/AFTER/0")
        .setWaveId("app")
        .setPhase(ActionPhase.AFTER)
        .setIndex(0)
        .setAction(action)
        .setRegion("us-east-1")
        .setDeadline(Instant.parse("2026-12-01T10:15:00Z"))
        .build();
  }
}
