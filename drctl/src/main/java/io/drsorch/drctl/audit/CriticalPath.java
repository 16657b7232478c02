package io.drsorch.drctl.audit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The chain of waves that decided how long the execution took: from the wave that ended last, back
 * through the dependency that ended last before it (the one it waited for), to a wave that depended
 * on nothing. Shortening any other wave would not have ended the execution sooner.
 */
public final class CriticalPath {

  private CriticalPath() {}

  /** Wave ids on the critical path, first wave first; empty when no wave ran. */
  public static List<String> of(List<WaveSpan> waves) {
    Map<String, WaveSpan> byId = new HashMap<>();
    waves.forEach(w -> byId.put(w.waveId(), w));
    Optional<WaveSpan> last =
        waves.stream().filter(w -> w.endedAt() != null && w.startedAt() != null).max(byEnd());
    List<String> path = new ArrayList<>();
    WaveSpan current = last.orElse(null);
    while (current != null && !path.contains(current.waveId())) {
      path.add(current.waveId());
      current =
          current.dependsOn().stream()
              .map(byId::get)
              .filter(w -> w != null && w.endedAt() != null)
              .max(byEnd())
              .orElse(null);
    }
    Collections.reverse(path);
    return path;
  }

  private static Comparator<WaveSpan> byEnd() {
    return Comparator.comparing(WaveSpan::endedAt, Comparator.nullsFirst(Instant::compareTo))
        .thenComparing(WaveSpan::waveId);
  }

  /**
   * Waves in dependency order: every wave after all it depends on, otherwise in plan order (Kahn's
   * algorithm with the plan order as tie-break). Waves of a cycle, which validation never lets
   * through, are appended at the end.
   */
  public static List<WaveSpan> dependencyOrder(List<WaveSpan> waves) {
    List<WaveSpan> ordered = new ArrayList<>();
    List<WaveSpan> left = new ArrayList<>(waves);
    boolean progress = true;
    while (!left.isEmpty() && progress) {
      progress = false;
      for (WaveSpan w : List.copyOf(left)) {
        boolean ready =
            w.dependsOn().stream()
                .allMatch(
                    d ->
                        ordered.stream().anyMatch(o -> o.waveId().equals(d))
                            || waves.stream().noneMatch(o -> o.waveId().equals(d)));
        if (ready) {
          ordered.add(w);
          left.remove(w);
          progress = true;
          break;
        }
      }
    }
    ordered.addAll(left);
    return ordered;
  }

  /** Length of the longest dependency chain above each wave: 0 for waves without dependencies. */
  public static Map<String, Integer> depths(List<WaveSpan> waves) {
    Map<String, Integer> depth = new HashMap<>();
    for (WaveSpan w : dependencyOrder(waves)) {
      int d = 0;
      for (String dep : w.dependsOn()) {
        d = Math.max(d, depth.getOrDefault(dep, -1) + 1);
      }
      depth.put(w.waveId(), d);
    }
    return depth;
  }
}
