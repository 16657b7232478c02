package io.drsorch.watcher;

import io.drsorch.avro.JobStatus;
import io.drsorch.watcher.state.JobObservation;
import io.drsorch.watcher.state.WatchState;
import io.drsorch.watcher.state.WatchedTermination;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The last observed state of the TERMINATE jobs of watched terminations. Unlike a launch job's, it
 * is not on the topic (no JobStatusChanged is written for them), so it lives here, in memory: a
 * termination of two jobs must remember the one that completed while the other runs, and a job seen
 * COMPLETED is not read again. After a restart or a rebalance the jobs are simply read again. Used
 * by the poller thread only.
 */
final class TerminationJobs {

  private final Map<String, JobObservation> seen = new HashMap<>();

  /** The job ids of every termination in these snapshots. */
  static Set<String> of(Map<Integer, WatchState.Snapshot> snapshots) {
    Set<String> jobIds = new HashSet<>();
    for (WatchState.Snapshot snapshot : snapshots.values()) {
      for (WatchedTermination termination : snapshot.terminations().values()) {
        jobIds.addAll(termination.jobIds());
      }
    }
    return jobIds;
  }

  /** Forgets the jobs of terminations no longer watched here (ended, or their partition left). */
  void retainOnly(Set<String> watched) {
    seen.keySet().retainAll(watched);
  }

  /** True when the job was seen COMPLETED: it changes no more. */
  boolean completed(String jobId) {
    JobObservation job = seen.get(jobId);
    return job != null && job.status() == JobStatus.COMPLETED;
  }

  /**
   * Remembers what a poll observed of these TERMINATE jobs (other jobs are left out), and answers
   * every TERMINATE job's state as now known.
   */
  Map<String, JobObservation> observed(
      Map<String, JobObservation> observed, Set<String> terminationJobIds) {
    observed.forEach(
        (jobId, job) -> {
          if (terminationJobIds.contains(jobId)) {
            seen.merge(jobId, job, JobObservation::merge);
          }
        });
    return Map.copyOf(seen);
  }
}
