package io.drsorch.scheduler.properties;

import io.drsorch.avro.ExecutionMode;
import io.drsorch.avro.ExecutionRequested;
import io.drsorch.avro.ExecutionWave;
import io.drsorch.scheduler.Inputs;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * A random plan and a random world around it: a DAG of up to 8 waves (wave i depends on a random
 * subset of waves before it, so the order is topological), 1-3 servers each, one or two regions, a
 * small quota so that waves queue, and a seed for the interleaving of everything DRS, the launcher
 * and the watcher would report.
 */
record Scenario(List<WaveSpec> waves, int quota, int serversPerCall, long seed, boolean cancel) {

  static final String EXEC = "exec-p";

  record WaveSpec(int dependencyMask, int servers, int region) {}

  static Arbitrary<Scenario> any() {
    Arbitrary<WaveSpec> wave =
        Combinators.combine(
                Arbitraries.integers().between(0, 255),
                Arbitraries.integers().between(1, 3),
                Arbitraries.integers().between(0, 1))
            .as(WaveSpec::new);
    return Combinators.combine(
            wave.list().ofMinSize(1).ofMaxSize(8),
            Arbitraries.integers().between(1, 4),
            Arbitraries.integers().between(1, 2),
            Arbitraries.longs(),
            Arbitraries.of(false, false, false, true))
        .as(Scenario::new);
  }

  static String waveId(int i) {
    return "w" + i;
  }

  static String region(int index) {
    return index == 0 ? "us-east-1" : "eu-west-1";
  }

  List<String> dependenciesOf(int i) {
    List<String> deps = new ArrayList<>();
    for (int j = 0; j < i; j++) {
      if ((waves.get(i).dependencyMask() & (1 << j)) != 0) {
        deps.add(waveId(j));
      }
    }
    return deps;
  }

  ExecutionRequested request() {
    List<ExecutionWave> list = new ArrayList<>();
    for (int i = 0; i < waves.size(); i++) {
      List<String> servers = new ArrayList<>();
      for (int s = 0; s < waves.get(i).servers(); s++) {
        servers.add(String.format("s-%017d", i * 10 + s));
      }
      list.add(
          ExecutionWave.newBuilder()
              .setWaveId(waveId(i))
              .setName("Wave " + i)
              .setRegion(region(waves.get(i).region()))
              .setSourceServerIds(servers)
              .setDependsOn(dependenciesOf(i))
              .build());
    }
    return ExecutionRequested.newBuilder()
        .setId("request-" + seed)
        .setExecutionId(EXEC)
        .setOccurredAt(Inputs.T0)
        .setPlanId("plan-p")
        .setPlanVersion(1)
        .setPlanName("random plan")
        .setMode(ExecutionMode.DRILL)
        .setRequestedBy("jqwik")
        .setWaves(list)
        .build();
  }
}
