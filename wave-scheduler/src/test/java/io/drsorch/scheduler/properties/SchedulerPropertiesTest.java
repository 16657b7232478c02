package io.drsorch.scheduler.properties;

import static org.assertj.core.api.Assertions.assertThat;

import io.drsorch.scheduler.core.Evolver;
import io.drsorch.scheduler.core.RetryPolicy;
import io.drsorch.scheduler.core.WaveState;
import java.time.Duration;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * "Nothing lost, nothing launched twice", for random plans and random interleavings of what DRS,
 * the launcher and the watcher report (duplicated, reordered, stale), through decide/evolve and the
 * quota gate.
 */
class SchedulerPropertiesTest {

  /** No timeouts: an execution must end because DRS answered, not because time ran out. */
  private static final RetryPolicy POLICY =
      new RetryPolicy(3, Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ZERO);

  @Provide
  Arbitrary<Scenario> scenarios() {
    return Scenario.any();
  }

  // Edge cases off: they are mostly one-wave plans and would crowd out the interesting ones.
  @Property(tries = 1000, edgeCases = EdgeCasesMode.NONE)
  void givenRandomPlanAndInterleaving_whenDrsAnswersEveryLaunch_thenInvariantsHold(
      @ForAll("scenarios") Scenario scenario) {
    // given
    CoreWorld world = new CoreWorld(scenario, POLICY);

    // when (every step asserts: dependencies COMPLETED before launch, one launch per attempt,
    // retries not before they are due, the quota never exceeded)
    world.run();

    // then
    Statistics.label("waves").collect(scenario.waves().size());
    Statistics.label("launches").collect(Math.min(world.forwardedLaunches(), 10));
    Statistics.label("outcome").collect(world.state.status());
    assertThat(world.state.isLive()).as("execution ended").isFalse();
    assertThat(world.state.waves()).allMatch(WaveState::isTerminal);
    assertThat(Evolver.evolveAll(null, world.history)).isEqualTo(world.state);
    assertThat(world.stillHeld()).as("attempts still holding DRS jobs").isEmpty();
    assertThat(world.gates().values())
        .allSatisfy(
            g -> {
              assertThat(g.active()).isEmpty();
              assertThat(g.queued()).isZero();
            });
  }
}
