package io.drsorch.drctl.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CriticalPathTest {

  private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

  static WaveSpan wave(String id, int start, Integer end, String... deps) {
    return new WaveSpan(
        id,
        id,
        List.of(deps),
        end == null ? "PENDING" : "COMPLETED",
        T0.plusSeconds(start),
        end == null ? null : T0.plusSeconds(end),
        List.of("drsjob-" + id),
        2,
        2,
        List.of(),
        null,
        null,
        null,
        List.of());
  }

  /**
   * A wave that waited at its approval gate from {@code waitFrom} until approved at {@code
   * approvedAt}, then ran from {@code start} to {@code end}.
   */
  static WaveSpan approvedWave(
      String id, int waitFrom, int approvedAt, int start, int end, String... deps) {
    WaveSpan w = wave(id, start, end, deps);
    return new WaveSpan(
        w.waveId(),
        w.name(),
        w.dependsOn(),
        w.status(),
        w.startedAt(),
        w.endedAt(),
        w.jobIds(),
        w.servers(),
        w.launched(),
        w.failedServers(),
        w.reason(),
        new WaveSpan.Approval(
            T0.plusSeconds(waitFrom), "alice", T0.plusSeconds(approvedAt), "database checked"),
        null,
        w.actions());
  }

  @Test
  void givenDiamond_whenOneBranchIsSlower_thenThePathRunsThroughIt() {
    // given: db -> {app1, app2} -> web, app2 the slower branch
    List<WaveSpan> waves =
        List.of(
            wave("web", 40, 50, "app1", "app2"),
            wave("app1", 10, 20, "db"),
            wave("app2", 10, 40, "db"),
            wave("db", 0, 10));

    // then
    assertThat(CriticalPath.of(waves)).containsExactly("db", "app2", "web");
    assertThat(CriticalPath.dependencyOrder(waves))
        .extracting(WaveSpan::waveId)
        .containsExactly("db", "app1", "app2", "web");
    assertThat(CriticalPath.depths(waves))
        .containsEntry("db", 0)
        .containsEntry("app1", 1)
        .containsEntry("web", 2);
  }

  @Test
  void givenIndependentWaves_whenOneEndsLast_thenThePathIsThatWaveAlone() {
    List<WaveSpan> waves = List.of(wave("a", 0, 5), wave("b", 0, 9), wave("c", 0, 7));

    assertThat(CriticalPath.of(waves)).containsExactly("b");
  }

  @Test
  void givenAWaveThatWaitedForApproval_whenTimed_thenItsWaitIsCountedApartFromItsRunTime() {
    // given: db 0-10 s; app waits 10-310 s for approval, runs 311-341 s; web 341-351 s
    List<WaveSpan> waves =
        List.of(
            wave("db", 0, 10),
            approvedWave("app", 10, 310, 311, 341, "db"),
            wave("web", 341, 351, "app"));

    // when
    List<String> path = CriticalPath.of(waves);
    CriticalPath.Time time = CriticalPath.timeOn(path, waves, T0);

    // then
    assertThat(path).containsExactly("db", "app", "web");
    assertThat(waves.get(1).duration()).isEqualTo(Duration.ofSeconds(30));
    assertThat(waves.get(1).approvalWait()).isEqualTo(Duration.ofSeconds(300));
    assertThat(time.runTime()).isEqualTo(Duration.ofSeconds(50));
    assertThat(time.approvalWait()).isEqualTo(Duration.ofSeconds(300));
    assertThat(time.otherWait()).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void givenAPathStillRunning_whenTimed_thenNoTime() {
    List<WaveSpan> waves = List.of(wave("db", 0, 10), wave("app", 10, null, "db"));

    assertThat(CriticalPath.timeOn(List.of("db", "app"), waves, T0)).isNull();
  }

  @Test
  void givenNothingRan_thenNoPath() {
    assertThat(CriticalPath.of(List.of(wave("a", 0, null)))).isEmpty();
  }
}
