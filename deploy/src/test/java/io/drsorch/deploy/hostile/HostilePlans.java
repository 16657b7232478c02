package io.drsorch.deploy.hostile;

import io.drsorch.avro.ExecutionMode;
import io.drsorch.avro.ExecutionRequested;
import io.drsorch.avro.ExecutionWave;
import io.drsorch.deploy.support.Drills;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The inputs an attacker would send, built the way the probes that found them did. */
final class HostilePlans {

  private HostilePlans() {}

  /**
   * A DRILL request of {@code waves} chained one-server waves, as produced straight to {@code
   * drs.execution-requests}: 16,000 of them make a record of about 990 KB (under the producer's 1
   * MB; every field a wave gains makes it larger) of the kind the scheduler once admitted and then
   * could not store.
   */
  static ExecutionRequested chainedRequest(String planId, String executionId, int waves) {
    List<ExecutionWave> list = new ArrayList<>(waves);
    for (int i = 0; i < waves; i++) {
      list.add(
          ExecutionWave.newBuilder()
              .setWaveId("w" + i)
              .setName("w" + i)
              .setRegion(Drills.REGION)
              .setSourceServerIds(List.of(String.format("s-%017d", i)))
              .setDependsOn(i == 0 ? List.of() : List.of("w" + (i - 1)))
              .build());
    }
    return ExecutionRequested.newBuilder()
        .setId(UUID.randomUUID().toString())
        .setExecutionId(executionId)
        .setOccurredAt(Instant.now())
        .setPlanId(planId)
        .setPlanVersion(1)
        .setPlanName(planId)
        .setMode(ExecutionMode.DRILL)
        .setRequestedBy("hostile-input-test")
        .setWaves(list)
        .build();
  }

  /**
   * A plan of 200 waves (the most a plan may have) where every wave depends on every other one:
   * about 1 MB of JSON, with 19,900 cycles. Answered in full, its errors once made a 36.7 MB
   * answer. Wave ids are long so that the body is close to the 1 MiB request limit.
   */
  static Map<String, Object> denseCyclePlan(String planId) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      ids.add(String.format("wave-of-the-dense-%04d", i));
    }
    List<Map<String, Object>> waves = new ArrayList<>();
    for (int i = 0; i < ids.size(); i++) {
      String id = ids.get(i);
      Map<String, Object> wave = new LinkedHashMap<>();
      wave.put("id", id);
      wave.put("name", id);
      wave.put("region", Drills.REGION);
      wave.put("sourceServerIds", List.of(String.format("s-%017d", i)));
      wave.put("dependsOn", ids.stream().filter(other -> !other.equals(id)).toList());
      waves.add(wave);
    }
    Map<String, Object> plan = new LinkedHashMap<>();
    plan.put("name", planId);
    plan.put("waves", waves);
    return plan;
  }
}
