package io.drsorch.plans.executions;

import io.drsorch.avro.ExecutionMode;
import io.drsorch.avro.ExecutionRequested;
import io.drsorch.avro.PreflightMode;
import io.drsorch.avro.RecoveryPlan;
import io.drsorch.planmodel.records.ExecutionSnapshots;
import io.drsorch.planmodel.records.PlanDrafts;
import io.drsorch.planmodel.validation.InvalidRequestException;
import io.drsorch.planmodel.validation.ValidationError;
import io.drsorch.plans.http.ApiException;
import io.drsorch.plans.http.RequestBodies;
import io.drsorch.plans.identity.Requester;
import io.drsorch.plans.identity.Requires;
import io.drsorch.plans.identity.Role;
import io.drsorch.plans.kafka.KafkaConnections;
import io.drsorch.plans.plans.PlanStore;
import io.drsorch.plans.readiness.Readiness;
import io.drsorch.plans.readiness.ReadinessCheck;
import io.drsorch.plans.readiness.ReadinessParameters;
import io.drsorch.schemas.topics.Topics;
import jakarta.inject.Inject;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * {@code POST /plans/{planId}/executions}: asks for one run of a plan. The plan is frozen into an
 * {@code ExecutionRequested} on {@code drs.execution-requests} (key planId); the wave-scheduler
 * admits or rejects it. Answered 202 once the broker acknowledged the request.
 *
 * <p>Before that, every server the execution would launch is checked in DRS ({@link
 * ReadinessCheck}, the readiness endpoint's check) and the verdict goes into the request: with
 * {@code "preflight": "ENFORCE"} (the default) a server with a problem makes the scheduler reject
 * the execution, naming the problems; with {@code WARN} it runs and shows them. The rejecting is
 * the scheduler's, not this resource's, so that a refused start is recorded as a REJECTED execution
 * like any other. When DRS cannot be asked, nothing is published: 503.
 */
@Path("/plans/{planId}/executions")
@Produces(MediaType.APPLICATION_JSON)
public class StartExecutionResource {

  /** How many of a plan's errors a 409 names: the answer is one message, not a list. */
  private static final int ERRORS_NAMED = 3;

  /**
   * @param mode DRILL or RECOVERY
   * @param preflight ENFORCE (default) or WARN
   * @param pointInTime launch each server from its newest snapshot at or before this ISO-8601
   *     instant; absent for the latest data
   */
  public record StartExecution(String mode, String preflight, String pointInTime) {}

  public record Started(String executionId) {}

  @Inject PlanStore plans;
  @Inject KafkaConnections kafka;
  @Inject RequestBodies bodies;
  @Inject Requester requester;
  @Inject ReadinessCheck readiness;

  @Requires({Role.OPERATOR, Role.RECOVERY})
  @POST
  public Response start(
      @PathParam("planId") String planId,
      @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
      String body) {
    StartExecution start = bodies.readOrNull(body, contentType, StartExecution.class);
    List<ValidationError> invalid = new ArrayList<>();
    ExecutionMode mode =
        ReadinessParameters.mode("mode", start == null ? null : start.mode(), null, invalid);
    PreflightMode preflight =
        ReadinessParameters.preflight(
            "preflight", start == null ? null : start.preflight(), invalid);
    Instant pointInTime =
        ReadinessParameters.pointInTime(
            "pointInTime", start == null ? null : start.pointInTime(), Instant.now(), invalid);
    if (!invalid.isEmpty()) {
      throw new InvalidRequestException(invalid);
    }
    // A RECOVERY launches for real: the operator's role, enough for a drill, is not enough.
    requester.require(Role.toStart(mode), "start a " + mode);
    RecoveryPlan plan =
        plans
            .find(planId)
            .orElseThrow(() -> ApiException.notFound("plan '" + planId + "' does not exist"));
    // Groups may have changed since the plan was stored: only a plan valid now is frozen.
    List<ValidationError> errors = plans.validator().validate(PlanDrafts.of(plan));
    if (!errors.isEmpty()) {
      throw ApiException.conflict(
          "plan '"
              + planId
              + "' is no longer valid: "
              + errors.stream()
                  .limit(ERRORS_NAMED)
                  .map(e -> e.path() + ": " + e.message())
                  .collect(Collectors.joining("; "))
              + (errors.size() > ERRORS_NAMED
                  ? "; and more (PUT the plan again to list them)"
                  : ""));
    }
    String executionId = UUID.randomUUID().toString();
    ExecutionRequested request =
        ExecutionSnapshots.freeze(
            plan,
            kafka.groups()::get,
            mode,
            requester.name(),
            UUID.randomUUID().toString(),
            executionId,
            Instant.now());
    Readiness ready =
        readiness.checkToStart(
            request.getWaves(), mode, plan.getMaxReplicationLagMinutes(), pointInTime);
    request.setPointInTime(pointInTime);
    request.setPreflight(ready.verdict(preflight));
    kafka.publish(Topics.EXECUTION_REQUESTS, planId, request);
    return Response.accepted(new Started(executionId))
        .location(URI.create("/executions/" + executionId))
        .build();
  }
}
