package io.drsorch.launcher.action;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class AutomationParametersTest {

  private static final List<String> INSTANCES =
      List.of("i-0aaaaaaaaaaaaaaa1", "i-0aaaaaaaaaaaaaaa2");

  @Test
  void givenTheInstancesAsAWholeValue_whenFilled_thenOneValuePerInstanceBesideTheOthers() {
    // when
    Map<String, List<String>> filled =
        AutomationParameters.filled(
            Map.of("InstanceIds", List.of("i-0fixed000000000001", "{{ recoveryInstanceIds }}")),
            "exec-1",
            INSTANCES);
    // then
    assertThat(filled)
        .containsExactly(
            Map.entry(
                "InstanceIds",
                List.of("i-0fixed000000000001", "i-0aaaaaaaaaaaaaaa1", "i-0aaaaaaaaaaaaaaa2")));
  }

  @Test
  void givenPlaceholdersInsideLongerValues_whenFilled_thenJoinedWithCommasAndTheExecutionNamed() {
    // when
    Map<String, List<String>> filled =
        AutomationParameters.filled(
            Map.of(
                "Targets", List.of("ids={{recoveryInstanceIds}}"),
                "Comment", List.of("drill {{executionId}}/{{executionId}}"),
                "Kept", List.of("{{unknown}} and $100")),
            "exec-1",
            INSTANCES);
    // then by name, each value as sent
    assertThat(filled)
        .containsExactly(
            Map.entry("Comment", List.of("drill exec-1/exec-1")),
            Map.entry("Kept", List.of("{{unknown}} and $100")),
            Map.entry("Targets", List.of("ids=i-0aaaaaaaaaaaaaaa1,i-0aaaaaaaaaaaaaaa2")));
  }

  @Test
  void givenNoInstances_whenTheWholeValueIsThePlaceholder_thenNoValue() {
    assertThat(
            AutomationParameters.filled(
                Map.of("InstanceIds", List.of("{{recoveryInstanceIds}}")), "exec-1", List.of()))
        .containsExactly(Map.entry("InstanceIds", List.of()));
  }

  @Test
  void givenARequestId_thenItsTokenIsAUuidOfItAlone() {
    // when
    String token = ClientTokens.of("exec-1/app/1/AFTER/0");
    // then the same request, the same token; another request, another
    assertThat(token)
        .hasSize(36)
        .isEqualTo(
            UUID.nameUUIDFromBytes(
                    "StartAutomationExecution|exec-1/app/1/AFTER/0"
                        .getBytes(StandardCharsets.UTF_8))
                .toString())
        .isEqualTo(ClientTokens.of("exec-1/app/1/AFTER/0"))
        .isNotEqualTo(ClientTokens.of("exec-1/app/2/AFTER/0"));
  }
}
