package io.drsorch.watcher.state;

import io.drsorch.avro.TerminationEnded;
import io.drsorch.avro.TerminationFailed;
import io.drsorch.avro.TerminationStarted;
import io.drsorch.avro.WaveActionEnded;
import io.drsorch.avro.WaveActionStarted;

/**
 * What one watch follows to its end: a wave attempt (a WaveLaunched), a termination request (a
 * TerminationStarted) or a wave action (a WaveActionStarted). Three kinds because they differ in
 * what names them and in what ends them; the poller keys its bookkeeping of refused writes by any.
 */
public sealed interface WatchKey permits AttemptKey, TerminationKey, ActionKey {

  String executionId();

  /** The watch a wave event (any member of the WaveEvent union) is about. */
  static WatchKey of(Object event) {
    if (event instanceof TerminationStarted
        || event instanceof TerminationEnded
        || event instanceof TerminationFailed) {
      return TerminationKey.of(event);
    }
    if (event instanceof WaveActionStarted || event instanceof WaveActionEnded) {
      return ActionKey.of(event);
    }
    return AttemptKey.of(event);
  }
}
