package io.drsorch.scheduler.core;

import io.drsorch.avro.ActionPhase;
import io.drsorch.avro.ActionStatus;
import io.drsorch.avro.ExecutionStatus;
import io.drsorch.avro.WaveStatus;
import java.time.Instant;
import java.util.List;

/**
 * What the scheduler decided about one execution. Events are facts: {@link Evolver#evolve} applies
 * them without judging, so replaying them rebuilds the same state.
 */
public sealed interface ExecutionEvent {

  Meta meta();

  /**
   * Shared by all events of one decision.
   *
   * @param sequence the view sequence this decision publishes (previous + 1)
   * @param at the time of the input (record timestamp) or of the timer that fired
   * @param causationId id of the input record (or of the timer firing)
   * @param causationType record type of the input, e.g. WaveCompleted
   */
  record Meta(long sequence, Instant at, String causationId, String causationType) {}

  /** The request was admitted: the execution exists from now on, every wave PENDING. */
  record ExecutionStarted(Meta meta, ExecutionState started) implements ExecutionEvent {}

  /** A LaunchWave goes out for this attempt; the wave is LAUNCHING. */
  record LaunchRequested(Meta meta, String waveId, int attempt) implements ExecutionEvent {}

  /** DRS refused the attempt but it may be retried: the next attempt launches at {@code dueAt}. */
  record LaunchRetryScheduled(Meta meta, String waveId, int attempt, Instant dueAt, String reason)
      implements ExecutionEvent {}

  /**
   * The attempt waits at the quota gate for DRS job capacity; the wave stays LAUNCHING and {@code
   * reason} says where it stands in line.
   */
  record LaunchDeferred(Meta meta, String waveId, int attempt, String reason)
      implements ExecutionEvent {}

  /**
   * DRS accepted the attempt and started these jobs: the wave is RUNNING. {@code points}: the
   * snapshots of a point-in-time launch, empty for a launch from the latest data.
   */
  record LaunchAccepted(
      Meta meta, String waveId, int attempt, List<String> jobIds, List<RecoveryPoint> points)
      implements ExecutionEvent {}

  /** A job of the attempt changed: new job ids or server launch states, same wave status. */
  record JobsProgressed(
      Meta meta, String waveId, int attempt, List<String> jobIds, List<ServerState> servers)
      implements ExecutionEvent {}

  /**
   * Every server of the attempt launched and the wave has after actions: it stays RUNNING, no
   * longer holds DRS job slots, and keeps {@code reason} (optional servers that did not launch) for
   * its end.
   */
  record LaunchCompleted(
      Meta meta,
      String waveId,
      int attempt,
      String reason,
      List<String> jobIds,
      List<ServerState> servers)
      implements ExecutionEvent {}

  /** A RunWaveAction goes out for this action of the wave: the action is RUNNING from now. */
  record ActionRequested(Meta meta, String waveId, ActionPhase phase, int index)
      implements ExecutionEvent {}

  /** The edge started the action; {@code automationExecutionId} for an SSM automation. */
  record ActionStarted(
      Meta meta, String waveId, ActionPhase phase, int index, String automationExecutionId)
      implements ExecutionEvent {}

  /** The action ended: SUCCEEDED, FAILED, TIMED_OUT or CANCELLED, and why. */
  record ActionEnded(
      Meta meta,
      String waveId,
      ActionPhase phase,
      int index,
      ActionStatus outcome,
      String reason,
      String automationExecutionId,
      Integer lastHttpStatus)
      implements ExecutionEvent {}

  /** The wave reached a final status: COMPLETED, FAILED, TIMED_OUT, SKIPPED or CANCELLED. */
  record WaveEnded(
      Meta meta,
      String waveId,
      WaveStatus status,
      String reason,
      List<String> jobIds,
      List<ServerState> servers)
      implements ExecutionEvent {}

  /**
   * In a retry: what the retried execution achieved for this wave (its jobs, and its servers that
   * launched, kept with their recovery instances). The wave stays PENDING; a WaveEnded follows when
   * it counts as done.
   */
  record WaveCarriedOver(
      Meta meta,
      String waveId,
      String fromExecutionId,
      List<String> jobIds,
      List<ServerState> servers,
      String overrideBy)
      implements ExecutionEvent {}

  /** The wave's dependencies completed and its gate holds it: WAITING_APPROVAL from now. */
  record ApprovalAwaited(Meta meta, String waveId, String reason) implements ExecutionEvent {}

  /** An operator let the waiting wave go: it is PENDING again and launches when it may. */
  record WaveApproved(Meta meta, String waveId, WaveState.OperatorNote approval)
      implements ExecutionEvent {}

  /** Nothing new launches until a resume; running waves are tracked as usual. */
  record Paused(Meta meta, WaveState.OperatorNote pause) implements ExecutionEvent {}

  /** RUNNING again: every wave that became ready meanwhile launches. */
  record Resumed(Meta meta) implements ExecutionEvent {}

  /** Nothing more launches; running waves are tracked to their end. */
  record CancelRequested(Meta meta, String reason) implements ExecutionEvent {}

  /**
   * An ended drill's instances are to be terminated: one TerminateRecoveryInstances per request of
   * {@code cleanup} goes out (none when it launched nothing, and the cleanup is COMPLETED at once).
   */
  record CleanupRequested(Meta meta, Cleanup cleanup) implements ExecutionEvent {}

  /** One termination request moved on: DRS took it, refused it, or its jobs completed. */
  record TerminationProgressed(
      Meta meta,
      String requestId,
      Cleanup.RequestStatus status,
      List<String> jobIds,
      List<String> terminatedInstanceIds,
      String reason)
      implements ExecutionEvent {}

  /** The execution is over: COMPLETED, FAILED, CANCELLED or TIMED_OUT. */
  record ExecutionEnded(Meta meta, ExecutionStatus status, String reason)
      implements ExecutionEvent {}
}
