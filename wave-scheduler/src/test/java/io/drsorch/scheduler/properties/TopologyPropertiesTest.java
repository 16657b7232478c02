package io.drsorch.scheduler.properties;

import static org.assertj.core.api.Assertions.assertThat;

import io.drsorch.avro.ExecutionStatus;
import io.drsorch.avro.JobSlotsReleased;
import io.drsorch.avro.LaunchWave;
import io.drsorch.avro.WaveStatus;
import io.drsorch.scheduler.core.RetryPolicy;
import io.drsorch.scheduler.gate.GateKey;
import io.drsorch.scheduler.gate.JobQuota;
import io.drsorch.scheduler.store.StoredExecution;
import io.drsorch.scheduler.store.StoredGateEntry;
import io.drsorch.scheduler.store.StoredWave;
import io.drsorch.scheduler.topology.Driver;
import io.drsorch.scheduler.topology.SchedulerTopology;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The same random worlds through the whole topology in a TopologyTestDriver (admission, execution,
 * quota gate, real serdes and stores): fewer tries, since each builds a driver.
 */
class TopologyPropertiesTest {

  private static final RetryPolicy POLICY =
      new RetryPolicy(3, Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ZERO);

  @Provide
  Arbitrary<Scenario> scenarios() {
    return Scenario.any();
  }

  @Property(tries = 25, edgeCases = EdgeCasesMode.NONE)
  void givenRandomPlanAndInterleaving_whenRunThroughTheTopology_thenInvariantsHold(
      @ForAll("scenarios") Scenario scenario) throws Exception {
    Path dir = Files.createTempDirectory(Path.of("target"), "topology-property");
    JobQuota quota = new JobQuota(scenario.quota(), scenario.serversPerCall());
    Random random = new Random(scenario.seed());
    Map<String, Integer> forwards = new HashMap<>();
    Map<String, Map<String, Integer>> held = new HashMap<>();
    List<Object> pending = new ArrayList<>();
    try (Driver d = new Driver(dir, POLICY, quota)) {
      // given
      d.start(scenario.request());
      // when
      for (int step = 0; step < 5_000; step++) {
        for (JobSlotsReleased r : d.jobSlots.readValuesToList()) {
          held.computeIfAbsent(
                  GateKey.of(r.getAccountId(), r.getRegion()), k -> new LinkedHashMap<>())
              .remove(r.getRequestId());
        }
        for (LaunchWave l : d.launches()) {
          assertThat(forwards.merge(l.getRequestId(), 1, Integer::sum)).isEqualTo(1);
          assertDependenciesCompleted(d, l.getWaveId());
          held.computeIfAbsent(
                  GateKey.of(l.getAccountId(), l.getRegion()), k -> new LinkedHashMap<>())
              .put(l.getRequestId(), quota.jobsNeeded(l.getSourceServerIds().size()));
          pending.addAll(Drs.answer(l, random, d.clock()));
        }
        held.values()
            .forEach(
                a ->
                    assertThat(
                            a.values().stream().mapToInt(Integer::intValue).sum()
                                    <= quota.maxConcurrentJobs()
                                || a.size() == 1)
                        .as("quota held by %s", a)
                        .isTrue());
        if (pending.isEmpty()) {
          if (!execution(d).getStatus().equals(ExecutionStatus.RUNNING.name())) {
            break;
          }
          // nothing to report: let the wall clock pass the longest backoff, so retries go out
          d.advanceWallClock(Duration.ofSeconds(61));
          continue;
        }
        Object answer = pending.remove(random.nextInt(pending.size()));
        if (random.nextInt(8) == 0) {
          pending.add(answer);
        }
        d.send(answer);
      }

      // then
      StoredExecution end = execution(d);
      assertThat(end.getStatus()).isNotEqualTo(ExecutionStatus.RUNNING.name());
      assertThat(held.values()).allMatch(Map::isEmpty);
      var gates =
          d.driver.<String, StoredGateEntry>getKeyValueStore(SchedulerTopology.QUOTA_GATE_STORE);
      try (var all = gates.all()) {
        all.forEachRemaining(
            kv -> {
              assertThat(kv.value.getQueued()).as("a launch still in line").isNull();
              if (kv.value.getSummary() != null) {
                assertThat(kv.value.getSummary().getActiveJobs()).isZero();
                assertThat(kv.value.getSummary().getQueued()).isZero();
              }
            });
      }
    }
  }

  private static StoredExecution execution(Driver d) {
    return d.driver
        .<String, StoredExecution>getKeyValueStore(SchedulerTopology.EXECUTIONS_STORE)
        .get(Scenario.EXEC);
  }

  private static void assertDependenciesCompleted(Driver d, String waveId) {
    StoredExecution s = execution(d);
    StoredWave wave =
        s.getWaves().stream().filter(w -> w.getWaveId().equals(waveId)).findFirst().orElseThrow();
    for (String dep : wave.getDependsOn()) {
      assertThat(
              s.getWaves().stream()
                  .filter(w -> w.getWaveId().equals(dep))
                  .findFirst()
                  .orElseThrow()
                  .getStatus())
          .isEqualTo(WaveStatus.COMPLETED.name());
    }
  }
}
