package io.drsorch.scheduler.core;

import io.drsorch.avro.ActionPhase;
import io.drsorch.avro.ActionStatus;
import java.time.Instant;
import java.util.Locale;

/**
 * One action of a wave and where it stands. An action is RUNNING from the decision that asks for
 * it; the edge's report of its start adds the SSM automation's id, and its end report the outcome.
 *
 * @param index position among the wave's actions of the same phase, from 0
 * @param continued it failed and the wave went on, as its {@code onFailure: CONTINUE} asked
 */
public record ActionState(
    ActionSpec spec,
    ActionPhase phase,
    int index,
    ActionStatus status,
    Instant startedAt,
    Instant endedAt,
    String reason,
    String automationExecutionId,
    Integer lastHttpStatus,
    boolean continued) {

  public ActionState {
    reason = Reasons.cut(reason);
  }

  public static ActionState pending(ActionSpec spec, ActionPhase phase, int index) {
    return new ActionState(
        spec, phase, index, ActionStatus.PENDING, null, null, null, null, null, false);
  }

  public String name() {
    return spec.name();
  }

  public boolean isPending() {
    return status == ActionStatus.PENDING;
  }

  public boolean isRunning() {
    return status == ActionStatus.RUNNING;
  }

  /** Over for good: it ended one way or another, or it was skipped. */
  public boolean isOver() {
    return !isPending() && !isRunning();
  }

  /** The wave may go on past it: it succeeded, or failed with {@code onFailure: CONTINUE}. */
  public boolean letsTheWaveGoOn() {
    return status == ActionStatus.SUCCEEDED || continued;
  }

  /** E.g. "after action 'db-ready'". */
  public String label() {
    return phase.name().toLowerCase(Locale.ROOT) + " action '" + spec.name() + "'";
  }

  ActionState requested(Instant at) {
    return new ActionState(
        spec, phase, index, ActionStatus.RUNNING, at, null, null, null, null, false);
  }

  ActionState started(String automationId) {
    return new ActionState(
        spec,
        phase,
        index,
        status,
        startedAt,
        endedAt,
        reason,
        automationId == null ? automationExecutionId : automationId,
        lastHttpStatus,
        continued);
  }

  ActionState ended(
      ActionStatus outcome, Instant at, String why, String automationId, Integer httpStatus) {
    boolean goOn = outcome != ActionStatus.SUCCEEDED && spec.continuesOnFailure();
    return new ActionState(
        spec,
        phase,
        index,
        outcome,
        startedAt,
        at,
        why,
        automationId == null ? automationExecutionId : automationId,
        httpStatus == null ? lastHttpStatus : httpStatus,
        goOn);
  }

  ActionState skipped() {
    return isPending()
        ? new ActionState(
            spec, phase, index, ActionStatus.SKIPPED, null, null, null, null, null, false)
        : this;
  }
}
