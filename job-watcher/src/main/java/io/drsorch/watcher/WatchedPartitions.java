package io.drsorch.watcher;

import io.drsorch.avro.WaveEvent;
import io.drsorch.watcher.state.ActionKey;
import io.drsorch.watcher.state.AttemptKey;
import io.drsorch.watcher.state.Origin;
import io.drsorch.watcher.state.TerminationKey;
import io.drsorch.watcher.state.WatchState;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The watcher's state, one {@link WatchState} per assigned partition of drs.wave-events. A newly
 * assigned partition replays from the beginning and counts as live only once it has caught up with
 * the end offset it had when assigned: until then its state is incomplete, so nothing is decided
 * for it (emitting nothing for the past). Shared by the consumer thread and the poller: every
 * method is synchronized and keeps its work in memory.
 */
final class WatchedPartitions {

  private final Map<Integer, WatchState> states = new HashMap<>();
  private final Map<Integer, Long> replayUntil = new HashMap<>();
  private final Set<Integer> live = new HashSet<>();

  synchronized void assigned(int partition, long endOffset) {
    states.put(partition, new WatchState());
    live.remove(partition);
    replayUntil.put(partition, endOffset);
  }

  synchronized void revoked(Collection<Integer> partitions) {
    partitions.forEach(
        p -> {
          states.remove(p);
          live.remove(p);
          replayUntil.remove(p);
        });
  }

  /** Called with the consumer's position: a replaying partition at its end offset goes live. */
  synchronized void position(int partition, long position) {
    Long until = replayUntil.get(partition);
    if (until != null && position >= until) {
      replayUntil.remove(partition);
      live.add(partition);
    }
  }

  synchronized Set<Integer> replaying() {
    return Set.copyOf(replayUntil.keySet());
  }

  /** Applies a record just written to a partition; unknown partitions are ignored. */
  synchronized void evolve(int partition, WaveEvent event) {
    evolve(partition, event, null);
  }

  /**
   * Applies a record read from, or just written to (origin null), a partition; unknown partitions
   * are ignored.
   */
  synchronized void evolve(int partition, WaveEvent event, Origin origin) {
    WatchState state = states.get(partition);
    if (state != null) {
      state.evolve(event, origin);
    }
  }

  /** See {@link WatchState#abandon}. */
  synchronized void abandon(int partition, AttemptKey attempt, String reason) {
    WatchState state = states.get(partition);
    if (state != null) {
      state.abandon(attempt, reason);
    }
  }

  /** See {@link WatchState#drop}. */
  synchronized void drop(int partition, AttemptKey attempt) {
    WatchState state = states.get(partition);
    if (state != null) {
      state.drop(attempt);
    }
  }

  /** See {@link WatchState#abandon(TerminationKey, String)}. */
  synchronized void abandon(int partition, TerminationKey termination, String reason) {
    WatchState state = states.get(partition);
    if (state != null) {
      state.abandon(termination, reason);
    }
  }

  /** See {@link WatchState#drop(TerminationKey)}. */
  synchronized void drop(int partition, TerminationKey termination) {
    WatchState state = states.get(partition);
    if (state != null) {
      state.drop(termination);
    }
  }

  /** See {@link WatchState#abandon(ActionKey, String)}. */
  synchronized void abandon(int partition, ActionKey action, String reason) {
    WatchState state = states.get(partition);
    if (state != null) {
      state.abandon(action, reason);
    }
  }

  /** See {@link WatchState#drop(ActionKey)}. */
  synchronized void drop(int partition, ActionKey action) {
    WatchState state = states.get(partition);
    if (state != null) {
      state.drop(action);
    }
  }

  /** Frozen state of every live partition. */
  synchronized Map<Integer, WatchState.Snapshot> liveSnapshots() {
    Map<Integer, WatchState.Snapshot> snapshots = new HashMap<>();
    for (int partition : live) {
      snapshots.put(partition, states.get(partition).snapshot());
    }
    return snapshots;
  }

  /**
   * True when a live partition watches this job and has not seen it COMPLETED. A job of a partition
   * still replaying, or of one another instance owns, is not ours to look at: polling covers it.
   */
  synchronized boolean awaits(String jobId) {
    for (int partition : live) {
      if (states.get(partition).awaits(jobId)) {
        return true;
      }
    }
    return false;
  }

  /** True when every assigned partition has caught up. */
  synchronized boolean caughtUp() {
    return replayUntil.isEmpty();
  }
}
