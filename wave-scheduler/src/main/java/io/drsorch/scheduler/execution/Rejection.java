package io.drsorch.scheduler.execution;

import io.drsorch.avro.ExecutionRequested;
import io.drsorch.avro.ExecutionStatus;
import io.drsorch.avro.ExecutionTransition;
import io.drsorch.avro.ExecutionUpdated;
import io.drsorch.avro.ExecutionWave;
import io.drsorch.scheduler.core.ExecutionEvent.Meta;
import io.drsorch.scheduler.core.ExecutionState;
import io.drsorch.scheduler.core.Ids;
import io.drsorch.scheduler.core.RecoveryTerms;
import io.drsorch.scheduler.core.WaveState;
import io.drsorch.scheduler.publication.Views;
import io.drsorch.schemas.limits.PlanLimits;
import java.time.Instant;
import java.util.List;

/**
 * What says that a request was not admitted: a REJECTED view of its execution with the reason, and
 * the matching history entry, both keyed by the executionId.
 *
 * <p>They repeat the request, so they must stay small whatever it holds: its names and ids are cut
 * to the bounds of {@link PlanLimits} (an invalid request may exceed them), and its waves are
 * listed only when the caller says they are few and small enough; otherwise the view has none.
 */
public record Rejection(ExecutionUpdated view, ExecutionTransition transition) {

  /**
   * @param withWaves list the request's waves (all PENDING) in the view
   */
  public static Rejection of(
      ExecutionRequested request, String reason, Instant now, boolean withWaves) {
    String requestId = fit(request.getId(), PlanLimits.MAX_ID_LENGTH);
    Meta meta = new Meta(1, now, requestId, ExecutionRequested.class.getSimpleName());
    ExecutionState rejected = state(request, requestId, reason, now, withWaves);
    ExecutionUpdated view = Views.view(rejected, meta);
    // A rejection is not the execution's first update if its id was already used: keep ids apart.
    view.setId(Ids.of("ExecutionUpdated", request.getExecutionId(), "rejected", request.getId()));
    ExecutionTransition transition =
        Views.transition(
            rejected, meta, 0, null, null, ExecutionStatus.REJECTED.name(), reason, List.of());
    transition.setId(
        Ids.of("ExecutionTransition", request.getExecutionId(), "rejected", request.getId()));
    return new Rejection(view, transition);
  }

  private static ExecutionState state(
      ExecutionRequested request, String requestId, String reason, Instant now, boolean withWaves) {
    List<WaveState> waves =
        withWaves
            ? request.getWaves().stream().map(Rejection::pending).toList()
            : List.<WaveState>of();
    return new ExecutionState(
        request.getExecutionId(),
        fit(request.getPlanId(), PlanLimits.MAX_ID_LENGTH),
        request.getPlanVersion(),
        fit(request.getPlanName(), PlanLimits.MAX_NAME_LENGTH),
        request.getMode(),
        fit(request.getRequestedBy(), PlanLimits.MAX_REQUESTED_BY_LENGTH),
        requestId,
        ExecutionStatus.REJECTED,
        reason,
        now,
        now,
        1,
        false,
        waves,
        request.getWaveTimeoutMinutes(),
        request.getExecutionTimeoutMinutes(),
        null,
        null,
        // The pre-flight problems that caused a rejection stay readable in its view.
        withWaves ? RecoveryTerms.of(request) : RecoveryTerms.NONE);
  }

  private static WaveState pending(ExecutionWave w) {
    return WaveState.pending(
        w.getWaveId(),
        w.getName(),
        w.getRegion(),
        w.getAccountId(),
        w.getRoleArn(),
        w.getSourceServerIds(),
        w.getDependsOn(),
        w.getTimeoutMinutes());
  }

  private static String fit(String value, int max) {
    return value == null || value.length() <= max ? value : value.substring(0, max);
  }
}
