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
    Integer executionTimeoutMinutes) {

  public ExecutionState {
    waves = List.copyOf(waves);
  }

  public Optional<WaveState> wave(String waveId) {
    return waves.stream().filter(w -> w.waveId().equals(waveId)).findFirst();
  }

  public boolean isRunning() {
    return status == ExecutionStatus.RUNNING;
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
        executionTimeoutMinutes);
  }

  ExecutionState withSequence(long newSequence) {
    return with(status, reason, endedAt, newSequence, cancelRequested, waves);
  }
}
