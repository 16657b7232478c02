package io.drsorch.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SimulatorMainTest {

  private static final Map<String, String> PROPERTIES =
      Map.of(
          "http.host", "127.0.0.2",
          "http.port", "0",
          "sim.pending.seconds", "0.5",
          "sim.started.seconds", "1.25",
          "sim.jitter.seconds", "2",
          "sim.max.concurrent.jobs", "7",
          "sim.max.servers.per.call", "100",
          "sim.account.id", "210987654321");

  @AfterEach
  void clearProperties() {
    PROPERTIES.keySet().forEach(System::clearProperty);
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
    assertThat(settings.accountId()).isEqualTo("210987654321");
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
    assertThat(settings.accountId()).isEqualTo("123456789012");
  }
}
