package io.drsorch.watcher;

import io.drsorch.watcher.state.WatchKey;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * How many polls in a row Kafka refused an event of each watched attempt or termination. A refused
 * event is decided again on the next poll and would be refused again: after {@link #MAX_TRIES} the
 * watcher gives up on the watch rather than retry it forever. Used by the poller thread only.
 */
final class RefusedWrites {

  static final int MAX_TRIES = 3;

  private final Map<WatchKey, Integer> refusals = new HashMap<>();

  /** Kafka refused an event of the watch; true when that was the last try. */
  boolean refused(WatchKey attempt) {
    return refusals.merge(attempt, 1, Integer::sum) >= MAX_TRIES;
  }

  /** Its events went through, or it was given up on: start counting afresh. */
  void forget(WatchKey attempt) {
    refusals.remove(attempt);
  }

  /** Forgets every attempt but these (the others ended, or their partition went elsewhere). */
  void retainOnly(Set<? extends WatchKey> watched) {
    refusals.keySet().retainAll(watched);
  }
}
