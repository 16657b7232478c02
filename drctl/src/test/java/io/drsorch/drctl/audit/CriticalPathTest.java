package io.drsorch.drctl.audit;

import static org.assertj.core.api.Assertions.assertThat;

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
        null);
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
  void givenNothingRan_thenNoPath() {
    assertThat(CriticalPath.of(List.of(wave("a", 0, null)))).isEmpty();
  }
}
