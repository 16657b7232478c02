package io.drsorch.planmodel.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.drsorch.schemas.limits.PlanLimits;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The cycle search alone, on the densest graph a plan could be: the validator searches a plan for
 * cycles even when it has more dependencies than a plan may have, so the search must stay cheap on
 * whatever a request can hold.
 */
class CycleFinderTest {

  @Test
  void givenEveryWaveDependingOnEveryOther_whenSearched_thenFastAndAtMostTheLimitOfCycles() {
    // given 200 waves of 64-character ids, 39,800 dependencies: nearly each one closes a cycle
    List<WaveDraft> waves =
        HostilePlanValidationTest.densePlan(PlanLimits.MAX_WAVES, PlanLimits.MAX_ID_LENGTH).waves();
    Map<String, Integer> indexById = new LinkedHashMap<>();
    for (int i = 0; i < waves.size(); i++) {
      indexById.put(waves.get(i).id(), i);
    }
    new CycleFinder(waves, indexById).cycles(); // warm-up

    // when
    long start = System.nanoTime();
    List<ValidationError> cycles = new CycleFinder(waves, indexById).cycles();
    long millis = (System.nanoTime() - start) / 1_000_000;

    // then
    System.out.printf("[hostile] searching 200 waves × 199 dependencies took %d ms%n", millis);
    assertThat(millis).isLessThan(1_000);
    assertThat(cycles).hasSize(PlanLimits.MAX_CYCLES_REPORTED);
    assertThat(cycles)
        .allSatisfy(
            cycle -> {
              assertThat(cycle.message()).startsWith("cycle: ");
              assertThat(cycle.message().length())
                  .isLessThanOrEqualTo(PlanLimits.MAX_ERROR_MESSAGE_LENGTH);
            });
    assertThat(cycles.get(0).path()).isEqualTo("waves[0].dependsOn[0]");
  }
}
