package io.drsorch.deploy.chaos;

import io.drsorch.deploy.support.Drills;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * The shape of one random plan: waves {@code w0..wN} in topological order, each depending on some
 * earlier ones, a number of servers per wave, and which server positions are set to fail. Servers
 * themselves are bound later ({@link #bind}), fresh for each attempt to start it. From the shape
 * alone it says what the orchestrator must do: the expected status of every wave and of the
 * execution.
 *
 * @param deps wave to the waves it depends on (every wave present, in order)
 * @param serverCounts wave to its number of servers
 * @param failing wave to the positions of its servers whose launch will fail
 * @param withAction waves that run an SSM automation after they launched ({@link
 *     #ACTION_DOCUMENT}): the wave completes, and its dependents launch, only once it succeeded
 */
public record RandomDag(
    Map<String, List<String>> deps,
    Map<String, Integer> serverCounts,
    Map<String, Set<Integer>> failing,
    Set<String> withAction) {

  /** The automation document of the waves with an action: the test defines it, succeeding. */
  public static final String ACTION_DOCUMENT = "Chaos-Ready";

  /** 2..8 waves of 1..3 servers; each later wave depends on up to 3 earlier ones. */
  public static RandomDag generate(Random random, double failingProbability) {
    int waves = 2 + random.nextInt(7);
    Map<String, List<String>> deps = new LinkedHashMap<>();
    Map<String, Integer> counts = new LinkedHashMap<>();
    Map<String, Set<Integer>> failing = new LinkedHashMap<>();
    Set<String> withAction = new HashSet<>();
    for (int i = 0; i < waves; i++) {
      String id = "w" + i;
      List<String> on = new ArrayList<>();
      for (int j = 0; j < i && on.size() < 3; j++) {
        if (random.nextDouble() < 0.4) {
          on.add("w" + j);
        }
      }
      deps.put(id, List.copyOf(on));
      counts.put(id, 1 + random.nextInt(3));
      failing.put(id, new HashSet<>());
      if (random.nextDouble() < 0.3) {
        withAction.add(id);
      }
    }
    if (random.nextDouble() < failingProbability) {
      // One or two failing servers, anywhere in the plan.
      int faults = 1 + random.nextInt(2);
      List<String> ids = new ArrayList<>(deps.keySet());
      for (int f = 0; f < faults; f++) {
        String wave = ids.get(random.nextInt(ids.size()));
        failing.get(wave).add(random.nextInt(counts.get(wave)));
      }
    }
    failing.replaceAll((w, s) -> Set.copyOf(s));
    return new RandomDag(deps, counts, failing, Set.copyOf(withAction));
  }

  /**
   * The plan as stored: each wave's servers and dependencies, and an after action on the waves
   * {@link #withAction} whose parameters name the execution and the wave, so the simulator's record
   * of started automations says whose each one is.
   */
  public Map<String, Object> planBody(String planId, Map<String, List<String>> servers) {
    List<Map<String, Object>> waves = new ArrayList<>();
    servers.forEach(
        (id, ids) -> {
          Map<String, Object> wave =
              new LinkedHashMap<>(Drills.wave(id, ids, deps.getOrDefault(id, List.of())));
          if (withAction.contains(id)) {
            wave.put(
                "after",
                List.of(
                    Map.of(
                        "name",
                        "ready",
                        "type",
                        "SSM_AUTOMATION",
                        "documentName",
                        ACTION_DOCUMENT,
                        "timeoutMinutes",
                        10,
                        "parameters",
                        Map.of(
                            "Execution", List.of("{{executionId}}"),
                            "Wave", List.of(id)))));
          }
          waves.add(wave);
        });
    return Map.of("name", planId, "waves", waves);
  }

  public List<String> waves() {
    return List.copyOf(deps.keySet());
  }

  /** What the orchestrator must conclude for every wave: the contract's semantics, by hand. */
  public Map<String, String> expectedWaveStatus() {
    Map<String, String> status = new LinkedHashMap<>();
    for (String wave : waves()) { // topological order: dependencies come first
      boolean blocked =
          deps.get(wave).stream()
              .anyMatch(d -> status.get(d).equals("FAILED") || status.get(d).equals("SKIPPED"));
      if (blocked) {
        status.put(wave, "SKIPPED");
      } else if (!failing.get(wave).isEmpty()) {
        status.put(wave, "FAILED");
      } else {
        status.put(wave, "COMPLETED");
      }
    }
    return status;
  }

  public String expectedExecutionStatus() {
    return expectedWaveStatus().containsValue("FAILED") ? "FAILED" : "COMPLETED";
  }

  /**
   * The most waves that can ever run at once: the largest set of waves none of which depends on
   * another, directly or not (brute force: at most 2^8 subsets).
   */
  public int width() {
    List<String> ids = waves();
    int n = ids.size();
    boolean[][] reach = new boolean[n][n];
    for (int i = 0; i < n; i++) {
      for (String d : deps.get(ids.get(i))) {
        int j = ids.indexOf(d);
        reach[i][j] = true;
        for (int k = 0; k < n; k++) {
          reach[i][k] |= reach[j][k];
        }
      }
    }
    int best = 0;
    for (int mask = 1; mask < (1 << n); mask++) {
      if (Integer.bitCount(mask) > best && independent(mask, reach)) {
        best = Integer.bitCount(mask);
      }
    }
    return best;
  }

  private static boolean independent(int mask, boolean[][] reach) {
    for (int i = 0; i < reach.length; i++) {
      for (int j = 0; j < reach.length; j++) {
        if ((mask >> i & 1) == 1 && (mask >> j & 1) == 1 && reach[i][j]) {
          return false;
        }
      }
    }
    return true;
  }

  /** Servers for one attempt to start this plan: fresh ids, and which of them must fail. */
  public record Bound(Map<String, List<String>> servers, Set<String> failingServers) {}

  public Bound bind(java.util.function.IntFunction<List<String>> freshServers) {
    Map<String, List<String>> servers = new LinkedHashMap<>();
    Set<String> failingServers = new HashSet<>();
    for (String wave : waves()) {
      List<String> ids = freshServers.apply(serverCounts.get(wave));
      servers.put(wave, ids);
      failing.get(wave).forEach(i -> failingServers.add(ids.get(i)));
    }
    return new Bound(servers, Set.copyOf(failingServers));
  }

  @Override
  public String toString() {
    StringBuilder text = new StringBuilder();
    for (String wave : waves()) {
      text.append(wave)
          .append('(')
          .append(serverCounts.get(wave))
          .append(failing.get(wave).isEmpty() ? "" : ",fail" + failing.get(wave))
          .append(withAction.contains(wave) ? ",action" : "")
          .append(')');
      if (!deps.get(wave).isEmpty()) {
        text.append("<-").append(deps.get(wave));
      }
      text.append(' ');
    }
    return text.toString().trim();
  }
}
