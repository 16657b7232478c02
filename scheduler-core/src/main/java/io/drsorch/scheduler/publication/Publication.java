package io.drsorch.scheduler.publication;

import io.drsorch.avro.ExecutionTransition;
import io.drsorch.avro.ExecutionUpdated;
import io.drsorch.avro.JobSlotsReleased;
import io.drsorch.avro.LaunchWave;
import io.drsorch.avro.RunWaveAction;
import io.drsorch.avro.TerminateRecoveryInstances;
import io.drsorch.scheduler.core.ActionState;
import io.drsorch.scheduler.core.Cleanup;
import io.drsorch.scheduler.core.Evolver;
import io.drsorch.scheduler.core.ExecutionEvent;
import io.drsorch.scheduler.core.ExecutionEvent.ActionRequested;
import io.drsorch.scheduler.core.ExecutionEvent.CleanupRequested;
import io.drsorch.scheduler.core.ExecutionEvent.LaunchRequested;
import io.drsorch.scheduler.core.ExecutionState;
import io.drsorch.scheduler.core.WaveState;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything one decision publishes, derived from the events by applying them one at a time: a
 * LaunchWave per launch (for the quota gate), a JobSlotsReleased per attempt that stopped holding
 * DRS jobs, a transition per status change, one view, and the release of the plan when the
 * execution ended. Building it also yields the state to store, so the stored state and the
 * published records always agree.
 *
 * @param terminations the TerminateRecoveryInstances of a drill cleanup just asked for
 * @param actions the RunWaveAction commands of the actions just asked for
 * @param release the final view, without its waves, to send to the admission side (key planId), or
 *     null
 */
public record Publication(
    ExecutionState state,
    List<LaunchWave> launches,
    List<TerminateRecoveryInstances> terminations,
    List<RunWaveAction> actions,
    List<JobSlotsReleased> slotReleases,
    List<ExecutionTransition> transitions,
    ExecutionUpdated view,
    ExecutionUpdated release) {

  /** Prefix of the history's statuses of a drill cleanup: CLEANUP_RUNNING, CLEANUP_COMPLETED. */
  public static final String CLEANUP = "CLEANUP_";

  /**
   * Prefix of the history's statuses of a wave action: ACTION_RUNNING, ACTION_SUCCEEDED; the
   * transition's reason names the action ("after action 'db-ready'") and why it ended so.
   */
  public static final String ACTION = "ACTION_";

  /** Applies {@code events} (non-empty, from one decision) to {@code before} (null if new). */
  public static Publication of(ExecutionState before, List<ExecutionEvent> events) {
    List<LaunchWave> launches = new ArrayList<>();
    List<ExecutionTransition> transitions = new ArrayList<>();
    List<JobSlotsReleased> slotReleases = new ArrayList<>();
    List<TerminateRecoveryInstances> terminations = new ArrayList<>();
    List<RunWaveAction> actions = new ArrayList<>();
    ExecutionState state = before;
    for (ExecutionEvent event : events) {
      ExecutionState previous = state;
      state = Evolver.evolve(state, event);
      if (event instanceof LaunchRequested launch) {
        WaveState wave = state.wave(launch.waveId()).orElseThrow();
        launches.add(Views.launch(state, wave, launch.attempt(), event.meta()));
      }
      if (event instanceof ActionRequested action) {
        WaveState wave = state.wave(action.waveId()).orElseThrow();
        actions.add(Views.runAction(state, wave, action.phase(), action.index(), event.meta()));
      }
      if (event instanceof CleanupRequested cleanup) {
        for (Cleanup.Request request : cleanup.cleanup().requests()) {
          terminations.add(Views.terminate(state, request, event.meta()));
        }
      }
      addTransitions(transitions, previous, state, event.meta());
      addSlotReleases(slotReleases, previous, state, event.meta());
    }
    ExecutionUpdated view = Views.view(state, events.get(0).meta());
    boolean justEnded = !state.isLive() && (before == null || before.isLive());
    return new Publication(
        state,
        launches,
        terminations,
        actions,
        slotReleases,
        transitions,
        view,
        justEnded ? release(view) : null);
  }

  /**
   * {@code view} as the admission side takes it: without its waves. It only needs the execution id
   * to free the plan, and a view of every wave could be too large for the releases topic, leaving
   * the plan held for good.
   */
  public static ExecutionUpdated release(ExecutionUpdated view) {
    return ExecutionUpdated.newBuilder(view).setWaves(List.of()).build();
  }

  /**
   * An attempt that held (or was waiting for) DRS jobs and no longer does: completed, failed,
   * refused, timed out or cancelled while queued; and a drill cleanup's termination request that is
   * over. The gate frees its jobs, servers and locks, or drops it from the line.
   */
  private static void addSlotReleases(
      List<JobSlotsReleased> out,
      ExecutionState previous,
      ExecutionState next,
      ExecutionEvent.Meta meta) {
    if (previous == null) {
      return;
    }
    for (WaveState old : previous.waves()) {
      WaveState now = next.wave(old.waveId()).orElseThrow();
      if (old.holdsJobSlots() && (!now.holdsJobSlots() || now.attempt() != old.attempt())) {
        out.add(Views.slotsReleased(next, old, meta));
      }
    }
    // A drill cleanup's termination holds its TERMINATE jobs and locks its servers at the gate
    // until it is over (TerminationEnded or TerminationFailed), whether it ran or was refused.
    Cleanup before = previous.cleanup();
    Cleanup after = next.cleanup();
    if (before == null || after == null) {
      return;
    }
    for (Cleanup.Request request : after.requests()) {
      boolean wasOver =
          before.request(request.requestId()).map(Cleanup.Request::isOver).orElse(true);
      if (request.isOver() && !wasOver) {
        out.add(Views.slotsReleased(next, request, meta));
      }
    }
  }

  private static void addTransitions(
      List<ExecutionTransition> out,
      ExecutionState previous,
      ExecutionState next,
      ExecutionEvent.Meta meta) {
    if (previous == null || previous.status() != next.status()) {
      out.add(
          Views.transition(
              next,
              meta,
              out.size(),
              null,
              previous == null ? null : previous.status().name(),
              next.status().name(),
              next.reason(),
              List.of()));
    }
    Cleanup before = previous == null ? null : previous.cleanup();
    Cleanup after = next.cleanup();
    if (after != null && (before == null || before.status() != after.status())) {
      // The drill's cleanup is part of its record: its start and end are in the history.
      out.add(
          Views.transition(
              next,
              meta,
              out.size(),
              null,
              before == null ? null : CLEANUP + before.status(),
              CLEANUP + after.status(),
              after.reason(),
              after.jobIds()));
    }
    for (WaveState wave : next.waves()) {
      WaveState old = previous == null ? null : previous.wave(wave.waveId()).orElse(null);
      if (old != null) {
        addActionTransitions(out, next, meta, old, wave);
      }
      if (old != null && old.status() != wave.status()) {
        out.add(
            Views.transition(
                next,
                meta,
                out.size(),
                wave,
                old.status().name(),
                wave.status().name(),
                wave.reason(),
                wave.jobIds()));
      }
    }
  }

  /** An action that started or ended is a step of the wave's record, like its status changes. */
  private static void addActionTransitions(
      List<ExecutionTransition> out,
      ExecutionState next,
      ExecutionEvent.Meta meta,
      WaveState old,
      WaveState wave) {
    for (ActionState action : wave.actions()) {
      ActionState before = old.action(action.phase(), action.index()).orElseThrow();
      if (before.status() == action.status()) {
        continue;
      }
      out.add(
          Views.transition(
              next,
              meta,
              out.size(),
              wave,
              ACTION + before.status(),
              ACTION + action.status(),
              action.label() + (action.reason() == null ? "" : ": " + action.reason()),
              action.automationExecutionId() == null
                  ? List.of()
                  : List.of(action.automationExecutionId())));
    }
  }
}
