package io.drsorch.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drsorch.simulator.events.EventConfig;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SimulatorMainTest {

  private static final Map<String, String> PROPERTIES =
      Map.ofEntries(
          Map.entry("http.host", "127.0.0.2"),
          Map.entry("http.port", "0"),
          Map.entry("sim.pending.seconds", "0.5"),
          Map.entry("sim.started.seconds", "1.25"),
          Map.entry("sim.jitter.seconds", "2"),
          Map.entry("sim.max.concurrent.jobs", "7"),
          Map.entry("sim.max.servers.per.call", "100"),
          Map.entry("sim.max.servers.in.active.jobs", "250"),
          Map.entry("sim.snapshot.interval.seconds", "90.5"),
          Map.entry("sim.account.id", "210987654321"),
          Map.entry("sim.event.target.url", "http://127.0.0.1:8084/drs-events"),
          Map.entry("sim.event.api.key.header", "x-watcher-key"),
          Map.entry("sim.event.api.key", "local-key"),
          Map.entry("sim.event.loss.rate", "0.1"),
          Map.entry("sim.event.duplicate.rate", "0.25"),
          Map.entry("sim.event.delay.seconds", "1.5"),
          Map.entry("sim.event.seed", "42"));

  @AfterEach
  void clearProperties() {
    PROPERTIES.keySet().forEach(System::clearProperty);
    System.clearProperty("sim.max.active.servers");
  }

  @Test
  void givenSettings_whenTheMainReadsThem_thenEveryOneIsApplied() {
    // given
    PROPERTIES.forEach(System::setProperty);

    // when
    SimulatorSettings settings = SimulatorMain.fromSettings();

    // then
    assertThat(settings.host()).isEqualTo("127.0.0.2");
    assertThat(settings.port()).isZero();
    assertThat(settings.timing().pending()).isEqualTo(Duration.ofMillis(500));
    assertThat(settings.timing().started()).isEqualTo(Duration.ofMillis(1250));
    assertThat(settings.timing().jitter()).isEqualTo(Duration.ofSeconds(2));
    assertThat(settings.limits().maxConcurrentJobs()).isEqualTo(7);
    assertThat(settings.limits().maxServersPerCall()).isEqualTo(100);
    assertThat(settings.limits().maxServersInActiveJobs()).isEqualTo(250);
    assertThat(settings.snapshotInterval()).isEqualTo(Duration.ofMillis(90_500));
    assertThat(settings.accountId()).isEqualTo("210987654321");
    assertThat(settings.events())
        .isEqualTo(
            EventConfig.to(URI.create("http://127.0.0.1:8084/drs-events"), "local-key")
                .withApiKeyHeader("x-watcher-key")
                .withLossRate(0.1)
                .withDuplicateRate(0.25)
                .withDelay(Duration.ofMillis(1500)));
    assertThat(settings.eventSeed()).isEqualTo(OptionalLong.of(42));
  }

  @Test
  void givenTheServersQuotaUnderItsOtherName_whenTheMainReadsIt_thenItApplies() {
    // given
    System.setProperty("sim.max.active.servers", "300");

    // when
    SimulatorSettings settings = SimulatorMain.fromSettings();

    // then
    assertThat(settings.limits().maxServersInActiveJobs()).isEqualTo(300);
  }

  @Test
  void givenARateAboveOne_whenTheMainReadsIt_thenRefusedNamingTheSetting() {
    // given
    System.setProperty("sim.event.loss.rate", "1.5");

    // when / then
    assertThatThrownBy(SimulatorMain::fromSettings)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sim.event.loss.rate");
  }

  @Test
  void givenANonPositiveSnapshotInterval_whenTheMainReadsIt_thenRefusedNamingTheSetting() {
    // given
    System.setProperty("sim.snapshot.interval.seconds", "0");

    // when / then
    assertThatThrownBy(SimulatorMain::fromSettings)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sim.snapshot.interval.seconds")
        .hasMessageContaining("SIM_SNAPSHOT_INTERVAL_SECONDS");
  }

  @Test
  void givenNoSettings_whenTheMainReadsThem_thenTheDefaultsApply() {
    // when
    SimulatorSettings settings = SimulatorMain.fromSettings();

    // then
    assertThat(settings.host()).isEqualTo("127.0.0.1");
    assertThat(settings.port()).isEqualTo(8090);
    assertThat(settings.timing().pendingSeconds()).isEqualTo(2.0);
    assertThat(settings.timing().startedSeconds()).isEqualTo(3.0);
    assertThat(settings.timing().jitterSeconds()).isZero();
    assertThat(settings.limits().maxConcurrentJobs()).isEqualTo(20);
    assertThat(settings.limits().maxServersPerCall()).isEqualTo(200);
    assertThat(settings.limits().maxServersInActiveJobs()).isEqualTo(500);
    assertThat(settings.snapshotInterval()).isEqualTo(Duration.ofMinutes(10));
    assertThat(settings.accountId()).isEqualTo("123456789012");
    assertThat(settings.events()).isEqualTo(EventConfig.NONE);
    assertThat(settings.eventSeed()).isEmpty();
  }
}
