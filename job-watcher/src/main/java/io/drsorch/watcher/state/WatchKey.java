package io.drsorch.watcher.state;

import io.drsorch.avro.TerminationEnded;
import io.drsorch.avro.TerminationFailed;
import io.drsorch.avro.TerminationStarted;

/**
 * What one watch follows to its end: a wave attempt (a WaveLaunched) or a termination request (a
 * TerminationStarted). Two kinds because they differ in what names them and in what ends them; the
 * poller keys its bookkeeping of refused writes by either.
 */
public sealed interface WatchKey permits AttemptKey, TerminationKey {

  String executionId();

  /** The watch a wave event (any member of the WaveEvent union) is about. */
  static WatchKey of(Object event) {
    if (event instanceof TerminationStarted
        || event instanceof TerminationEnded
        || event instanceof TerminationFailed) {
      return TerminationKey.of(event);
    }
    return AttemptKey.of(event);
  }
}
