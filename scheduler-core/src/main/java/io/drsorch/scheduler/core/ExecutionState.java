package io.drsorch.scheduler.core;

import io.drsorch.avro.ExecutionMode;
import io.drsorch.avro.ExecutionStatus;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The scheduler's durable state of one execution: the frozen plan, every wave's progress and the
 * sequence number of the last published view. Changed only by {@link Evolver#evolve}.
 *
 * @param requestId id of the ExecutionRequested record that started it
 * @param sequence sequence of the last ExecutionUpdated published for it
 * @param cancelRequested a CancelExecution arrived: nothing more launches
 * @param waveTimeoutMinutes the plan's timeout of each wave without its own; null = the default
 * @param executionTimeoutMinutes the plan's timeout of the whole execution; null = the default
 * @param retryOf the FAILED or TIMED_OUT execution this one retries; null for a first run
 * @param pause who paused the execution, when and why, while it is PAUSED; else null
 * @param terms the point in time, pre-flight verdict and objectives it was requested with
 * @param cleanup the termination of a drill's instances once it ended; null until asked for
 */
public record ExecutionState(
    String executionId,
    String planId,
    long planVersion,
    String planName,
    ExecutionMode mode,
    String requestedBy,
    String requestId,
    ExecutionStatus status,
    String reason,
    Instant startedAt,
    Instant endedAt,
    long sequence,
    boolean cancelRequested,
    List<WaveState> waves,
    Integer waveTimeoutMinutes,
    Integer executionTimeoutMinutes,
    String retryOf,
    WaveState.OperatorNote pause,
    RecoveryTerms terms,
    Cleanup cleanup) {

  public ExecutionState {
    waves = List.copyOf(waves);
    terms = terms == null ? RecoveryTerms.NONE : terms;
  }

  /** Requested with {@code terms}, not cleaned up. */
  public ExecutionState(
      String executionId,
      String planId,
      long planVersion,
      String planName,
      ExecutionMode mode,
      String requestedBy,
      String requestId,
      ExecutionStatus status,
      String reason,
      Instant startedAt,
      Instant endedAt,
      long sequence,
      boolean cancelRequested,
      List<WaveState> waves,
      Integer waveTimeoutMinutes,
      Integer executionTimeoutMinutes,
      String retryOf,
      WaveState.OperatorNote pause,
      RecoveryTerms terms) {
    this(
        executionId,
        planId,
        planVersion,
        planName,
        mode,
        requestedBy,
        requestId,
        status,
        reason,
        startedAt,
        endedAt,
        sequence,
        cancelRequested,
        waves,
        waveTimeoutMinutes,
        executionTimeoutMinutes,
        retryOf,
        pause,
        terms,
        null);
  }

  /** Without recovery terms: the latest data, no pre-flight, no objectives. */
  public ExecutionState(
      String executionId,
      String planId,
      long planVersion,
      String planName,
      ExecutionMode mode,
      String requestedBy,
      String requestId,
      ExecutionStatus status,
      String reason,
      Instant startedAt,
      Instant endedAt,
      long sequence,
      boolean cancelRequested,
      List<WaveState> waves,
      Integer waveTimeoutMinutes,
      Integer executionTimeoutMinutes,
      String retryOf,
      WaveState.OperatorNote pause) {
    this(
        executionId,
        planId,
        planVersion,
        planName,
        mode,
        requestedBy,
        requestId,
        status,
        reason,
        startedAt,
        endedAt,
        sequence,
        cancelRequested,
        waves,
        waveTimeoutMinutes,
        executionTimeoutMinutes,
        retryOf,
        pause,
        RecoveryTerms.NONE);
  }

  /** A first run of a plan (no retry), not paused. */
  public ExecutionState(
      String executionId,
      String planId,
      long planVersion,
      String planName,
      ExecutionMode mode,
      String requestedBy,
      String requestId,
      ExecutionStatus status,
      String reason,
      Instant startedAt,
      Instant endedAt,
      long sequence,
      boolean cancelRequested,
      List<WaveState> waves,
      Integer waveTimeoutMinutes,
      Integer executionTimeoutMinutes) {
    this(
        executionId,
        planId,
        planVersion,
        planName,
        mode,
        requestedBy,
        requestId,
        status,
        reason,
        startedAt,
        endedAt,
        sequence,
        cancelRequested,
        waves,
        waveTimeoutMinutes,
        executionTimeoutMinutes,
        null,
        null,
        RecoveryTerms.NONE);
  }

  public Optional<WaveState> wave(String waveId) {
    return waves.stream().filter(w -> w.waveId().equals(waveId)).findFirst();
  }

  /** Not ended: RUNNING or PAUSED. Inputs still change it and its waves are still tracked. */
  public boolean isLive() {
    return status == ExecutionStatus.RUNNING || status == ExecutionStatus.PAUSED;
  }

  /** PAUSED: nothing new launches until a resume. */
  public boolean isPaused() {
    return status == ExecutionStatus.PAUSED;
  }

  ExecutionState withWave(String waveId, UnaryOperator<WaveState> change) {
    return with(
        status,
        reason,
        endedAt,
        sequence,
        cancelRequested,
        waves.stream().map(w -> w.waveId().equals(waveId) ? change.apply(w) : w).toList());
  }

  ExecutionState with(
      ExecutionStatus newStatus,
      String newReason,
      Instant newEndedAt,
      long newSequence,
      boolean newCancelRequested,
      List<WaveState> newWaves) {
    return new ExecutionState(
        executionId,
        planId,
        planVersion,
        planName,
        mode,
        requestedBy,
        requestId,
        newStatus,
        newReason,
        startedAt,
        newEndedAt,
        newSequence,
        newCancelRequested,
        newWaves,
        waveTimeoutMinutes,
        executionTimeoutMinutes,
        retryOf,
        newStatus == ExecutionStatus.PAUSED ? pause : null,
        terms,
        cleanup);
  }

  /** Paused by {@code note}'s author, or running again when {@code note} is null. */
  ExecutionState pausedBy(WaveState.OperatorNote note) {
    return new ExecutionState(
        executionId,
        planId,
        planVersion,
        planName,
        mode,
        requestedBy,
        requestId,
        note == null ? ExecutionStatus.RUNNING : ExecutionStatus.PAUSED,
        note == null ? null : pauseReason(note),
        startedAt,
        endedAt,
        sequence,
        cancelRequested,
        waves,
        waveTimeoutMinutes,
        executionTimeoutMinutes,
        retryOf,
        note,
        terms,
        cleanup);
  }

  public ExecutionState withCleanup(Cleanup newCleanup) {
    return new ExecutionState(
        executionId,
        planId,
        planVersion,
        planName,
        mode,
        requestedBy,
        requestId,
        status,
        reason,
        startedAt,
        endedAt,
        sequence,
        cancelRequested,
        waves,
        waveTimeoutMinutes,
        executionTimeoutMinutes,
        retryOf,
        pause,
        terms,
        newCleanup);
  }

  private static String pauseReason(WaveState.OperatorNote note) {
    return Reasons.cut("paused by " + note.by() + (note.text() == null ? "" : ": " + note.text()));
  }

  ExecutionState withSequence(long newSequence) {
    return with(status, reason, endedAt, newSequence, cancelRequested, waves);
  }
}
