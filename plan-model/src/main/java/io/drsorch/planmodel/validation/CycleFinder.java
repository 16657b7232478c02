package io.drsorch.planmodel.validation;

import io.drsorch.schemas.limits.PlanLimits;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds dependency cycles among waves with a depth-first search: an edge to a wave still on the
 * search stack closes a cycle. Each cycle is reported once, starting at the wave that comes first
 * in the plan, in the order waves would run ({@code db -> app -> db}: app waits for db, db for
 * app). Self-dependencies and unknown waves are reported elsewhere and ignored here.
 *
 * <p>Every wave is visited once and every dependency followed once, so the search is linear in the
 * size of the plan. It stops after {@link PlanLimits#MAX_CYCLES_REPORTED} cycles: in a dense plan
 * (every wave depending on every other) nearly every dependency closes a cycle, and copying each of
 * them would hold waves × dependencies wave ids to report the same mistake thousands of times.
 */
final class CycleFinder {

  private enum Mark {
    ON_STACK,
    DONE
  }

  private final List<WaveDraft> waves;
  private final Map<String, Integer> indexById;
  private final Map<String, Mark> marks = new HashMap<>();
  private final List<String> stack = new ArrayList<>();
  private final Set<List<String>> found = new LinkedHashSet<>();

  CycleFinder(List<WaveDraft> waves, Map<String, Integer> indexById) {
    this.waves = waves;
    this.indexById = indexById;
  }

  List<ValidationError> cycles() {
    for (String id : indexById.keySet()) {
      if (enough()) {
        break;
      }
      if (!marks.containsKey(id)) {
        visit(id);
      }
    }
    List<ValidationError> errors = new ArrayList<>();
    for (List<String> cycle : found) {
      errors.add(toError(cycle));
    }
    return errors;
  }

  private boolean enough() {
    return found.size() >= PlanLimits.MAX_CYCLES_REPORTED;
  }

  /** Recursive: at most {@link PlanLimits#MAX_WAVES} deep, as the validator checks that first. */
  private void visit(String id) {
    marks.put(id, Mark.ON_STACK);
    stack.add(id);
    for (String dependency : dependencies(id)) {
      if (enough()) {
        break;
      }
      Mark mark = marks.get(dependency);
      if (mark == null) {
        visit(dependency);
      } else if (mark == Mark.ON_STACK) {
        found.add(canonical(stack.subList(stack.indexOf(dependency), stack.size())));
      }
    }
    stack.remove(stack.size() - 1);
    marks.put(id, Mark.DONE);
  }

  private Set<String> dependencies(String id) {
    Set<String> result = new LinkedHashSet<>();
    for (String dependency : waves.get(indexById.get(id)).dependsOn()) {
      if (dependency != null && !dependency.equals(id) && indexById.containsKey(dependency)) {
        result.add(dependency);
      }
    }
    return result;
  }

  /**
   * The stack holds the cycle in dependency order (each wave depends on the next); reverse it to
   * run order and rotate it to start at the wave that comes first in the plan.
   */
  private List<String> canonical(List<String> dependencyOrder) {
    List<String> runOrder = new ArrayList<>(dependencyOrder);
    Collections.reverse(runOrder);
    int start = 0;
    for (int i = 1; i < runOrder.size(); i++) {
      if (indexById.get(runOrder.get(i)) < indexById.get(runOrder.get(start))) {
        start = i;
      }
    }
    Collections.rotate(runOrder, -start);
    return List.copyOf(runOrder);
  }

  /** Reported at the dependency of the first wave that closes the cycle. */
  private ValidationError toError(List<String> cycle) {
    String first = cycle.get(0);
    String closing = cycle.get(cycle.size() - 1);
    int waveIndex = indexById.get(first);
    int dependencyIndex = waves.get(waveIndex).dependsOn().indexOf(closing);
    return new ValidationError(
        "waves[" + waveIndex + "].dependsOn[" + dependencyIndex + "]",
        "cycle: " + String.join(" -> ", cycle) + " -> " + first);
  }
}
