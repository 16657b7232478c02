package io.drsorch.scheduler.core;

import io.drsorch.scheduler.core.ExecutionEvent.ActionEnded;
import io.drsorch.scheduler.core.ExecutionEvent.ActionRequested;
import io.drsorch.scheduler.core.ExecutionEvent.ActionStarted;
import io.drsorch.scheduler.core.ExecutionEvent.ApprovalAwaited;
import io.drsorch.scheduler.core.ExecutionEvent.CancelRequested;
import io.drsorch.scheduler.core.ExecutionEvent.CleanupRequested;
import io.drsorch.scheduler.core.ExecutionEvent.ExecutionEnded;
import io.drsorch.scheduler.core.ExecutionEvent.ExecutionStarted;
import io.drsorch.scheduler.core.ExecutionEvent.JobsProgressed;
import io.drsorch.scheduler.core.ExecutionEvent.LaunchAccepted;
import io.drsorch.scheduler.core.ExecutionEvent.LaunchCompleted;
import io.drsorch.scheduler.core.ExecutionEvent.LaunchDeferred;
import io.drsorch.scheduler.core.ExecutionEvent.LaunchRequested;
import io.drsorch.scheduler.core.ExecutionEvent.LaunchRetryScheduled;
import io.drsorch.scheduler.core.ExecutionEvent.Paused;
import io.drsorch.scheduler.core.ExecutionEvent.Resumed;
import io.drsorch.scheduler.core.ExecutionEvent.TerminationProgressed;
import io.drsorch.scheduler.core.ExecutionEvent.WaveApproved;
import io.drsorch.scheduler.core.ExecutionEvent.WaveCarriedOver;
import io.drsorch.scheduler.core.ExecutionEvent.WaveEnded;
import java.util.List;

/**
 * The only place where execution state changes: applies one event, with no decisions of its own.
 */
public final class Evolver {

  private Evolver() {}

  public static ExecutionState evolve(ExecutionState state, ExecutionEvent event) {
    if (event instanceof ExecutionStarted started) {
      return started.started().withSequence(started.meta().sequence());
    }
    ExecutionState next = state.withSequence(event.meta().sequence());
    if (event instanceof LaunchRequested e) {
      return next.withWave(e.waveId(), w -> w.launching(e.attempt(), e.meta().at()));
    }
    if (event instanceof LaunchRetryScheduled e) {
      return next.withWave(e.waveId(), w -> w.retryAt(e.dueAt(), e.reason()));
    }
    if (event instanceof LaunchAccepted e) {
      return next.withWave(e.waveId(), w -> w.accepted(e.jobIds(), e.points()));
    }
    if (event instanceof LaunchDeferred e) {
      return next.withWave(e.waveId(), w -> w.deferred(e.reason()));
    }
    if (event instanceof JobsProgressed e) {
      return next.withWave(e.waveId(), w -> w.observed(w.status(), e.jobIds(), e.servers()));
    }
    if (event instanceof WaveEnded e) {
      return next.withWave(
          e.waveId(), w -> w.ended(e.status(), e.meta().at(), e.reason(), e.jobIds(), e.servers()));
    }
    if (event instanceof LaunchCompleted e) {
      return next.withWave(e.waveId(), w -> w.launchedAll(e.reason(), e.jobIds(), e.servers()));
    }
    if (event instanceof ActionRequested e) {
      return next.withWave(e.waveId(), w -> w.actionRequested(e.phase(), e.index(), e.meta().at()));
    }
    if (event instanceof ActionStarted e) {
      return next.withWave(
          e.waveId(), w -> w.actionStarted(e.phase(), e.index(), e.automationExecutionId()));
    }
    if (event instanceof ActionEnded e) {
      return next.withWave(
          e.waveId(),
          w ->
              w.actionEnded(
                  e.phase(),
                  e.index(),
                  e.outcome(),
                  e.meta().at(),
                  e.reason(),
                  e.automationExecutionId(),
                  e.lastHttpStatus()));
    }
    if (event instanceof WaveCarriedOver e) {
      return next.withWave(
          e.waveId(), w -> w.carried(e.fromExecutionId(), e.jobIds(), e.servers(), e.overrideBy()));
    }
    if (event instanceof ApprovalAwaited e) {
      return next.withWave(e.waveId(), w -> w.awaitingApproval(e.meta().at(), e.reason()));
    }
    if (event instanceof WaveApproved e) {
      return next.withWave(e.waveId(), w -> w.approved(e.approval()));
    }
    if (event instanceof Paused e) {
      return next.pausedBy(e.pause());
    }
    if (event instanceof Resumed) {
      return next.pausedBy(null);
    }
    if (event instanceof CancelRequested e) {
      return next.with(
          next.status(), e.reason(), next.endedAt(), next.sequence(), true, next.waves());
    }
    if (event instanceof CleanupRequested e) {
      return next.withCleanup(e.cleanup());
    }
    if (event instanceof TerminationProgressed e) {
      return next.withCleanup(
          next.cleanup()
              .withRequest(
                  e.requestId(),
                  r -> r.with(e.status(), e.jobIds(), e.terminatedInstanceIds(), e.reason()),
                  e.meta().at()));
    }
    if (event instanceof ExecutionEnded e) {
      return next.with(
          e.status(),
          e.reason(),
          e.meta().at(),
          next.sequence(),
          next.cancelRequested(),
          next.waves());
    }
    throw new IllegalArgumentException("unknown event " + event);
  }

  /** Folds events over a state: what the processor stores, and what a replay rebuilds. */
  public static ExecutionState evolveAll(ExecutionState state, List<ExecutionEvent> events) {
    ExecutionState current = state;
    for (ExecutionEvent event : events) {
      current = evolve(current, event);
    }
    return current;
  }
}
