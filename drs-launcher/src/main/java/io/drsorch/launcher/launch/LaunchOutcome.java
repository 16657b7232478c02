package io.drsorch.launcher.launch;

import java.util.List;

/** What became of one LaunchWave: every chunk has a DRS job, or DRS refused one of them. */
public sealed interface LaunchOutcome permits LaunchOutcome.Launched, LaunchOutcome.Rejected {

  /**
   * Every chunk of the wave has a job, in chunk order (some may predate this call: dedupe); for a
   * point-in-time launch, the snapshot of each server, in the wave's order (empty otherwise).
   */
  record Launched(List<String> jobIds, List<ChosenSnapshot> snapshots) implements LaunchOutcome {
    public Launched {
      jobIds = List.copyOf(jobIds);
      snapshots = List.copyOf(snapshots);
    }
  }

  /**
   * A call failed. {@code startedJobIds} are the chunks that did start before it, so that nobody
   * loses track of instances that are launching.
   */
  record Rejected(
      String errorCode,
      String message,
      boolean retryable,
      Integer retryAfterSeconds,
      List<String> startedJobIds)
      implements LaunchOutcome {
    public Rejected {
      startedJobIds = List.copyOf(startedJobIds);
    }
  }
}
