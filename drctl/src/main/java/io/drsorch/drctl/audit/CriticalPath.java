package io.drsorch.drctl.audit;

import java.time.Duration;
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
 * on nothing. Shortening any other wave would not have ended the execution sooner. {@link #timeOn}
 * splits the path's time into DRS run time, wave actions, waits for approval and the rest.
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

  /**
   * Where the time from the execution's start to the end of its critical path went.
   *
   * @param runTime the path's waves from their launch to their end, less their actions: DRS at work
   * @param actionTime the path's waves running their before and after actions (SSM automations,
   *     HTTP checks): runbook steps, not DRS
   * @param approvalWait the path's waves waiting at their approval gates, before their launch
   * @param otherWait the rest: hand-offs between waves, pauses, waits for DRS job capacity
   */
  public record Time(
      Duration runTime, Duration actionTime, Duration approvalWait, Duration otherWait) {}

  /**
   * The time on {@code path}; null when it is empty or its last wave has not ended. A wave's wait
   * for approval falls between its dependencies' end and its launch, so it is counted apart and
   * never as DRS run time: shortening a DRS job would not have shortened it. Its actions run within
   * its span and are counted apart too.
   */
  public static Time timeOn(List<String> path, List<WaveSpan> waves, Instant executionStart) {
    if (path.isEmpty()) {
      return null;
    }
    Map<String, WaveSpan> byId = new HashMap<>();
    waves.forEach(w -> byId.put(w.waveId(), w));
    WaveSpan last = byId.get(path.get(path.size() - 1));
    if (last == null || last.endedAt() == null) {
      return null;
    }
    Duration run = Duration.ZERO;
    Duration actions = Duration.ZERO;
    Duration approval = Duration.ZERO;
    for (String waveId : path) {
      WaveSpan w = byId.get(waveId);
      if (w != null && w.duration() != null) {
        // A wave's span runs from its first before action to the end of its last after action:
        // the actions' share is theirs, not DRS's.
        Duration ownActions = min(w.actionTime(), w.duration());
        run = run.plus(w.duration()).minus(ownActions);
        actions = actions.plus(ownActions);
      }
      if (w != null && w.approvalWait() != null) {
        approval = approval.plus(w.approvalWait());
      }
    }
    Duration other =
        Duration.between(executionStart, last.endedAt()).minus(run).minus(actions).minus(approval);
    return new Time(run, actions, approval, other.isNegative() ? Duration.ZERO : other);
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
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
