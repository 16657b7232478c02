package io.drsorch.launcher.admission;

import static org.assertj.core.api.Assertions.assertThat;

import io.drsorch.avro.LaunchWave;
import io.drsorch.schemas.limits.PlanLimits;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CommandCheckTest {

  @Test
  void givenTheSchedulersKindOfCommand_whenChecked_thenNoProblem() {
    // given
    LaunchWave command = command(List.of("s-1234567890abcdef0", "s-1234567890abcdef1"));
    command.setAccountId("111122223333");
    command.setRoleArn("arn:aws:iam::111122223333:role/path/DrsOrchestrator");
    // when / then
    assertThat(CommandCheck.identity(command).isEmpty()).isTrue();
    assertThat(CommandCheck.launch(command).isEmpty()).isTrue();
  }

  @Test
  void givenBadRegionAccountAndRole_whenChecked_thenEachNamedWithItsPath() {
    // given
    LaunchWave command = command(List.of("s-1234567890abcdef0"));
    command.setRegion("mars-1");
    command.setAccountId("1234");
    command.setRoleArn("arn:aws:iam::444455556666:user/Someone");
    // when
    String summary = CommandCheck.launch(command).summary();
    // then
    assertThat(summary)
        .startsWith("3 problems: ")
        .contains("region: not an AWS region: 'mars-1'")
        .contains("accountId: not an AWS account id (12 digits): '1234'")
        .contains("roleArn: not an IAM role ARN");
  }

  @Test
  void givenARoleOfAnotherAccount_whenChecked_thenRefused() {
    // given
    LaunchWave command = command(List.of("s-1234567890abcdef0"));
    command.setAccountId("111122223333");
    command.setRoleArn("arn:aws:iam::444455556666:role/DrsOrchestrator");
    // when / then
    assertThat(CommandCheck.launch(command).summary())
        .isEqualTo(
            "1 problem: roleArn: role of account 444455556666, not of the wave's account"
                + " 111122223333");
  }

  @Test
  void givenThousandsOfMalformedServers_whenChecked_thenTheSummaryStaysSmall() {
    // given servers that are each a kilobyte of garbage
    List<String> servers = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      servers.add("x".repeat(1000));
    }
    // when
    String summary = CommandCheck.launch(command(servers)).summary();
    // then
    assertThat(summary)
        .startsWith("3000 problems: sourceServerIds[0]: not a source server id")
        .endsWith("; and " + (3000 - PlanLimits.MAX_ERRORS) + " more")
        .contains("(1000 characters)");
    assertThat(summary.length())
        .isLessThan(PlanLimits.MAX_ERRORS * (PlanLimits.MAX_ERROR_MESSAGE_LENGTH + 2) + 100);
  }

  @Test
  void givenIdsWithOtherCharactersOrNoAttempt_whenChecked_thenItCannotBeAnswered() {
    // given
    LaunchWave command = command(List.of("s-1234567890abcdef0"));
    command.setExecutionId("exec\n1");
    command.setWaveId("");
    command.setAttempt(0);
    // when
    String summary = CommandCheck.identity(command).summary();
    // then
    assertThat(summary)
        .startsWith("3 problems: ")
        .contains("executionId: use letters, digits, '_' or '-' only")
        .contains("waveId: must not be empty")
        .contains("attempt: must be 1 or more, got 0");
  }

  private static LaunchWave command(List<String> servers) {
    return LaunchWave.newBuilder()
        .setId("4a1f7f7e-0d7e-4b7c-9a57-0a8e6d9b1c11")
        .setExecutionId("0b8f1c9e-2a53-4d0e-a1c4-5f1f0e6b7a21")
        .setOccurredAt(Instant.now())
        .setWaveId("db")
        .setAttempt(1)
        .setRegion("us-east-1")
        .setSourceServerIds(servers)
        .setDrill(true)
        .setRequestId("0b8f1c9e-2a53-4d0e-a1c4-5f1f0e6b7a21/db/1")
        .build();
  }
}
