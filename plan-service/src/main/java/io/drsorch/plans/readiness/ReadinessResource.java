package io.drsorch.plans.readiness;

import io.drsorch.avro.ExecutionMode;
import io.drsorch.avro.ExecutionWave;
import io.drsorch.avro.RecoveryPlan;
import io.drsorch.planmodel.records.ExecutionSnapshots;
import io.drsorch.planmodel.validation.InvalidRequestException;
import io.drsorch.planmodel.validation.ValidationError;
import io.drsorch.plans.groups.ProtectionGroupStore;
import io.drsorch.plans.http.ApiException;
import io.drsorch.plans.identity.Requires;
import io.drsorch.plans.identity.Role;
import io.drsorch.plans.plans.PlanStore;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code GET /plans/{planId}/readiness?mode=DRILL|RECOVERY&pointInTime=...}: whether every server
 * of the plan could be launched now, asked of DRS (see {@link ReadinessCheck}). Answered 200 ready
 * or not; 503 when DRS could not be asked about every server.
 */
@Path("/plans/{planId}/readiness")
@Produces(MediaType.APPLICATION_JSON)
public class ReadinessResource {

  @Inject PlanStore plans;
  @Inject ProtectionGroupStore groups;
  @Inject ReadinessCheck check;

  @Requires(Role.VIEWER)
  @GET
  public Readiness get(
      @PathParam("planId") String planId,
      @QueryParam("mode") String mode,
      @QueryParam("pointInTime") String pointInTime) {
    List<ValidationError> errors = new ArrayList<>();
    ExecutionMode checked = ReadinessParameters.mode("mode", mode, ExecutionMode.DRILL, errors);
    Instant at = ReadinessParameters.pointInTime("pointInTime", pointInTime, Instant.now(), errors);
    if (!errors.isEmpty()) {
      throw new InvalidRequestException(errors);
    }
    RecoveryPlan plan =
        plans
            .find(planId)
            .orElseThrow(() -> ApiException.notFound("plan '" + planId + "' does not exist"));
    List<ExecutionWave> waves;
    try {
      waves = ExecutionSnapshots.resolveWaves(plan, groups::find);
    } catch (IllegalStateException e) {
      throw ApiException.conflict("plan '" + planId + "' cannot be resolved: " + e.getMessage());
    }
    return check.check(waves, checked, plan.getMaxReplicationLagMinutes(), at);
  }
}
