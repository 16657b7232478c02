package io.drsorch.launcher.action;

import static org.assertj.core.api.Assertions.assertThat;

import io.drsorch.avro.ActionPhase;
import io.drsorch.avro.ActionType;
import io.drsorch.avro.RunWaveAction;
import io.drsorch.avro.WaveAction;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a start comes to before any SSM call: the cases that need no SSM at all. */
class ActionStarterTest {

  private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
  private static final ActionStarter WITHOUT_SSM =
      new ActionStarter(
          null,
          new ActionSettings(1, Duration.ZERO, Duration.ZERO),
          Clock.fixed(NOW, ZoneOffset.UTC));

  @Test
  void givenAnHttpCheck_whenStarted_thenStartedWithNothingToName() {
    ActionOutcome outcome = WITHOUT_SSM.start(command(ActionType.HTTP_CHECK, NOW.plusSeconds(60)));
    assertThat(outcome).isEqualTo(new ActionOutcome.Started(null, null, Map.of()));
  }

  @Test
  void givenAnAutomationWithoutSsmClients_whenStarted_thenRefusedSayingSo() {
    ActionOutcome outcome =
        WITHOUT_SSM.start(command(ActionType.SSM_AUTOMATION, NOW.plusSeconds(60)));
    assertThat(outcome)
        .isEqualTo(
            new ActionOutcome.Refused(
                ActionStarter.SSM_NOT_CONFIGURED,
                "this launcher was assembled without SSM clients"));
  }

  @Test
  void givenADeadlineReached_whenStarted_thenRefusedNamingIt() {
    ActionOutcome outcome = WITHOUT_SSM.start(command(ActionType.HTTP_CHECK, NOW));
    assertThat(((ActionOutcome.Refused) outcome).reason())
        .isEqualTo(
            "DeadlinePassed: not started: its deadline 2026-12-01T10:00:00Z passed before it"
                + " could");
  }

  private static RunWaveAction command(ActionType type, Instant deadline) {
    return RunWaveAction.newBuilder()
        .setId("cmd-1")
        .setExecutionId("exec-1")
        .setOccurredAt(NOW)
        .setRequestId("exec-1/app/1/AFTER/0")
        .setWaveId("app")
        .setPhase(ActionPhase.AFTER)
        .setIndex(0)
        .setAction(
            WaveAction.newBuilder()
                .setName("step")
                .setType(type)
                .setDocumentName("Restart")
                .setUrl("http://app/health")
                .build())
        .setRegion("us-east-1")
        .setDeadline(deadline)
        .build();
  }
}
