package io.drsorch.scheduler.core;

import io.drsorch.avro.ExecutionMode;
import io.drsorch.avro.ExecutionStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * When and what a drill's cleanup terminates: only an ended DRILL is cleaned up (a real recovery's
 * instances are the recovered business, never terminated here), once, and only the recovery
 * instances its own waves report. A retry's waves also report the instances carried over from the
 * execution it retried: they are part of the application it recovered, so they are terminated with
 * it, and the retried execution's own cleanup then finds them gone.
 */
public final class DrillCleanups {

  private DrillCleanups() {}

  /** When the plan's drillCleanupAfterMinutes asks for the cleanup; null when it never does. */
  static Instant dueAt(ExecutionState s) {
    Integer after = s.terms().drillCleanupAfterMinutes();
    if (after == null || !mayCleanUp(s) || s.endedAt() == null) {
      return null;
    }
    return s.endedAt().plus(Duration.ofMinutes(after));
  }

  static boolean mayCleanUp(ExecutionState s) {
    return s.mode() == ExecutionMode.DRILL
        && !s.isLive()
        && s.status() != ExecutionStatus.REJECTED
        && s.cleanup() == null;
  }

  /**
   * The cleanup to start: one request per region and account of the instances, COMPLETED at once
   * when there is none. Empty when this execution may not be cleaned up (any more).
   */
  public static Optional<Cleanup> request(ExecutionState s, String by, Instant now) {
    if (!mayCleanUp(s)) {
      return Optional.empty();
    }
    Map<String, List<String>> byTarget = new LinkedHashMap<>();
    Map<String, WaveState> someWave = new LinkedHashMap<>();
    List<String> all = new ArrayList<>();
    for (WaveState wave : s.waves()) {
      String target = wave.region() + "/" + (wave.accountId() == null ? "own" : wave.accountId());
      for (ServerState server : wave.servers()) {
        String instance = server.recoveryInstanceId();
        if (instance != null && !all.contains(instance)) {
          all.add(instance);
          byTarget.computeIfAbsent(target, t -> new ArrayList<>()).add(instance);
          someWave.putIfAbsent(target, wave);
        }
      }
    }
    List<Cleanup.Request> requests = new ArrayList<>();
    byTarget.forEach(
        (target, instances) -> {
          WaveState wave = someWave.get(target);
          requests.add(
              new Cleanup.Request(
                  s.executionId() + "/cleanup/" + target,
                  wave.region(),
                  wave.accountId(),
                  wave.roleArn(),
                  instances,
                  Cleanup.RequestStatus.SENT,
                  List.of(),
                  List.of(),
                  null));
        });
    boolean nothing = requests.isEmpty();
    return Optional.of(
        new Cleanup(
            nothing ? Cleanup.Status.COMPLETED : Cleanup.Status.RUNNING,
            by,
            now,
            nothing ? now : null,
            all,
            requests,
            nothing ? "the drill launched no recovery instance" : null));
  }
}
