package io.drsorch.drctl.audit;

import io.drsorch.avro.ActionView;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * One before or after action of a wave as the report shows it: a runbook step (an SSM automation or
 * an HTTP check) and how it went.
 *
 * @param phase BEFORE or AFTER
 * @param index its position among the wave's actions of that phase, from 0
 * @param type SSM_AUTOMATION or HTTP_CHECK
 * @param onFailure FAIL_WAVE or CONTINUE
 * @param status PENDING, RUNNING, SUCCEEDED, FAILED, TIMED_OUT, CANCELLED or SKIPPED
 * @param reason why it did not succeed (SSM's message, the last HTTP status, the timeout)
 * @param automationExecutionId the SSM automation it started; null for an HTTP check
 * @param continued it failed and the wave went on, as its onFailure CONTINUE allows
 */
public record ActionStep(
    String name,
    String phase,
    int index,
    String type,
    String onFailure,
    String status,
    Instant startedAt,
    Instant endedAt,
    String reason,
    String automationExecutionId,
    Integer lastHttpStatus,
    boolean continued) {

  static ActionStep of(ActionView a) {
    return new ActionStep(
        a.getName(),
        a.getPhase().name(),
        a.getIndex(),
        a.getType().name(),
        a.getOnFailure().name(),
        a.getStatus().name(),
        a.getStartedAt(),
        a.getEndedAt(),
        a.getReason(),
        a.getAutomationExecutionId(),
        a.getLastHttpStatus(),
        a.getContinued());
  }

  /** How long it ran; null unless it started and ended. */
  public Duration duration() {
    return startedAt == null || endedAt == null ? null : Duration.between(startedAt, endedAt);
  }

  /** E.g. "after action 'db-ready'", as the scheduler's reasons and the history name it. */
  public String label() {
    return phase.toLowerCase(Locale.ROOT) + " action '" + name + "'";
  }
}
