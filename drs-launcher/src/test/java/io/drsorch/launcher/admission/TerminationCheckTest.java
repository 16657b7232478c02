package io.drsorch.launcher.admission;

import static org.assertj.core.api.Assertions.assertThat;

import io.drsorch.avro.TerminateRecoveryInstances;
import io.drsorch.schemas.limits.PlanLimits;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TerminationCheckTest {

  @Test
  void givenTheSchedulersKindOfCommand_whenChecked_thenNoProblem() {
    // given an instance id of each length EC2 has used (8 and 17 hex digits)
    TerminateRecoveryInstances command = command(List.of("i-0123abcd", "i-0123456789abcdef0"));
    command.setAccountId("111122223333");
    command.setRoleArn("arn:aws:iam::111122223333:role/path/DrsOrchestrator");
    command.setRequestId("exec-1/cleanup/us-east-1/111122223333");
    // when / then
    assertThat(TerminationCheck.identity(command).isEmpty()).isTrue();
    assertThat(TerminationCheck.terminate(command).isEmpty()).isTrue();
  }

  @Test
  void givenBadRegionAccountAndRole_whenChecked_thenEachNamedWithItsPath() {
    // given
    TerminateRecoveryInstances command = command(List.of("i-0123456789abcdef0"));
    command.setRegion("mars-1");
    command.setAccountId("1234");
    command.setRoleArn("arn:aws:iam::444455556666:user/Someone");
    // when
    String summary = TerminationCheck.terminate(command).summary();
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
    TerminateRecoveryInstances command = command(List.of("i-0123456789abcdef0"));
    command.setAccountId("111122223333");
    command.setRoleArn("arn:aws:iam::444455556666:role/DrsOrchestrator");
    // when / then
    assertThat(TerminationCheck.terminate(command).summary())
        .isEqualTo(
            "1 problem: roleArn: role of account 444455556666, not of the command's account"
                + " 111122223333");
  }

  @Test
  void givenMalformedDuplicateOrNoInstances_whenChecked_thenEachNamedWithItsIndex() {
    // given: a source server id, too short, not hex, too long, twice the same
    TerminateRecoveryInstances command =
        command(
            List.of(
                "s-1234567890abcdef0",
                "i-0123abc",
                "i-0123456789abcdefg",
                "i-0123456789abcdef01",
                "i-0123abcd",
                "i-0123abcd"));
    // when
    List<String> problems = TerminationCheck.terminate(command).toList();
    // then
    assertThat(problems)
        .containsExactly(
            "recoveryInstanceIds[0]: not a recovery instance id (i- and 8 to 17 hexadecimal"
                + " digits): 's-1234567890abcdef0'",
            "recoveryInstanceIds[1]: not a recovery instance id (i- and 8 to 17 hexadecimal"
                + " digits): 'i-0123abc'",
            "recoveryInstanceIds[2]: not a recovery instance id (i- and 8 to 17 hexadecimal"
                + " digits): 'i-0123456789abcdefg'",
            "recoveryInstanceIds[3]: not a recovery instance id (i- and 8 to 17 hexadecimal"
                + " digits): 'i-0123456789abcdef01'",
            "recoveryInstanceIds[5]: i-0123abcd is listed twice");
    assertThat(TerminationCheck.terminate(command(List.of())).summary())
        .isEqualTo("1 problem: recoveryInstanceIds: at least one recovery instance is needed");
  }

  @Test
  void givenMoreInstancesThanAPlanHasServers_whenChecked_thenOneProblemNotOneEach() {
    // given
    List<String> instances = new ArrayList<>();
    for (int i = 0; i <= PlanLimits.MAX_SERVERS; i++) {
      instances.add(String.format("i-%017x", i));
    }
    // when / then
    assertThat(TerminationCheck.terminate(command(instances)).summary())
        .isEqualTo(
            "1 problem: recoveryInstanceIds: "
                + (PlanLimits.MAX_SERVERS + 1)
                + " recovery instances, at most "
                + PlanLimits.MAX_SERVERS
                + " a command");
  }

  @Test
  void givenAMalformedIdentity_whenChecked_thenItCannotBeAnswered() {
    // given
    TerminateRecoveryInstances command = command(List.of("i-0123abcd"));
    command.setExecutionId("exec/1");
    command.setRequestId("other/cleanup/us-east-1/own");
    command.setId("");
    // when
    List<String> problems = TerminationCheck.identity(command).toList();
    // then
    assertThat(problems)
        .containsExactly(
            "id: must not be empty",
            "executionId: use letters, digits, '_' or '-' only, got 'exec/1'",
            "requestId: must start with the executionId and '/'");
  }

  private static TerminateRecoveryInstances command(List<String> instances) {
    return TerminateRecoveryInstances.newBuilder()
        .setId("command-1")
        .setExecutionId("exec-1")
        .setOccurredAt(Instant.parse("2026-01-01T00:00:00Z"))
        .setRequestId("exec-1/cleanup/us-east-1/own")
        .setRegion("us-east-1")
        .setRecoveryInstanceIds(instances)
        .build();
  }
}
