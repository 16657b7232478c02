package io.drsorch.scheduler.admission;

import io.drsorch.avro.ExecutionWave;
import io.drsorch.schemas.limits.PlanLimits;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Finds dependency cycles with one depth-first search over the waves: each wave is entered once and
 * each dependency followed once, so the work is linear in the size of the plan whatever its shape;
 * an edge back to a wave still on the search path closes a cycle. The search stops at the {@link
 * PlanLimits#MAX_CYCLES_REPORTED}th cycle: one named cycle is enough to fix the plan, and a hostile
 * one may hold very many.
 *
 * <p>Iterative, so that a long chain of waves cannot overflow the stack. Dependencies on unknown
 * waves and on the wave itself are reported elsewhere and skipped here.
 */
final class CycleSearch {

  private static final byte UNSEEN = 0;
  private static final byte ON_PATH = 1;
  private static final byte DONE = 2;

  private final List<ExecutionWave> waves;
  private final Map<String, Integer> indexById;
  private final byte[] marks;
  private final List<String> found = new ArrayList<>();

  private CycleSearch(List<ExecutionWave> waves, Map<String, Integer> indexById) {
    this.waves = waves;
    this.indexById = indexById;
    this.marks = new byte[waves.size()];
  }

  /**
   * Cycles written in dependency order, e.g. {@code db -> web -> app -> db} (db depends on web, web
   * on app, app on db), at most {@link PlanLimits#MAX_CYCLES_REPORTED}.
   *
   * @param indexById the index of the first wave with each id
   */
  static List<String> of(List<ExecutionWave> waves, Map<String, Integer> indexById) {
    CycleSearch search = new CycleSearch(waves, indexById);
    for (int start : indexById.values()) {
      if (search.marks[start] == UNSEEN && !search.isFull()) {
        search.from(start);
      }
    }
    return List.copyOf(search.found);
  }

  private boolean isFull() {
    return found.size() >= PlanLimits.MAX_CYCLES_REPORTED;
  }

  private void from(int start) {
    List<Integer> path = new ArrayList<>();
    List<Integer> nextDependency = new ArrayList<>();
    path.add(start);
    nextDependency.add(0);
    marks[start] = ON_PATH;
    while (!path.isEmpty() && !isFull()) {
      int top = path.size() - 1;
      int wave = path.get(top);
      List<String> dependsOn = waves.get(wave).getDependsOn();
      int next = nextDependency.get(top);
      if (next == dependsOn.size()) {
        marks[wave] = DONE;
        path.remove(top);
        nextDependency.remove(top);
        continue;
      }
      nextDependency.set(top, next + 1);
      Integer dependency = indexById.get(dependsOn.get(next));
      if (dependency == null || dependency == wave) {
        continue;
      }
      if (marks[dependency] == ON_PATH) {
        found.add(describe(path.subList(path.indexOf(dependency), path.size())));
      } else if (marks[dependency] == UNSEEN) {
        marks[dependency] = ON_PATH;
        path.add(dependency);
        nextDependency.add(0);
      }
    }
  }

  private String describe(List<Integer> loop) {
    StringBuilder text = new StringBuilder();
    for (int wave : loop) {
      text.append(waves.get(wave).getWaveId()).append(" -> ");
    }
    return text.append(waves.get(loop.get(0)).getWaveId()).toString();
  }
}
