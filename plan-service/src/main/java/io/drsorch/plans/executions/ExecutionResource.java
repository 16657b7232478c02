package io.drsorch.plans.executions;

import io.drsorch.avro.CancelExecution;
import io.drsorch.avro.ExecutionCommand;
import io.drsorch.avro.ExecutionStatus;
import io.drsorch.avro.ExecutionUpdated;
import io.drsorch.plans.http.ApiException;
import io.drsorch.plans.http.RequestBodies;
import io.drsorch.plans.identity.Requester;
import io.drsorch.plans.identity.Requires;
import io.drsorch.plans.identity.Role;
import io.drsorch.plans.kafka.KafkaConnections;
import io.drsorch.schemas.topics.Topics;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/**
 * {@code /executions}: status from the scheduler's views on {@code drs.executions}, and
 * cancellation through {@code drs.execution-commands}. An execution is unknown here until the
 * scheduler has written its first view.
 */
@Path("/executions")
@Produces(MediaType.APPLICATION_JSON)
public class ExecutionResource {

  public record CancelRequest(String reason) {}

  public record CancelRequested(String executionId, String commandId) {}

  @Inject KafkaConnections kafka;
  @Inject RequestBodies bodies;
  @Inject Requester requester;

  /** Newest first; only those of {@code planId} when given. */
  @Requires(Role.VIEWER)
  @GET
  public List<ExecutionResponse> list(@QueryParam("planId") String planId) {
    kafka.requireCaughtUp(kafka.executions());
    return kafka.executions().values().stream()
        .filter(view -> planId == null || planId.equals(view.getPlanId()))
        .sorted(
            Comparator.comparing(ExecutionUpdated::getStartedAt)
                .thenComparing(ExecutionUpdated::getExecutionId)
                .reversed())
        .map(ExecutionResponse::of)
        .toList();
  }

  @Requires(Role.VIEWER)
  @GET
  @Path("{executionId}")
  public ExecutionResponse get(@PathParam("executionId") String executionId) {
    return ExecutionResponse.of(find(executionId));
  }

  /** Asks the scheduler to stop launching waves; 202 once the command is acknowledged. */
  @Requires(Role.OPERATOR)
  @POST
  @Path("{executionId}/cancel")
  public Response cancel(
      @PathParam("executionId") String executionId,
      @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
      String body) {
    CancelRequest request = bodies.readOrNull(body, contentType, CancelRequest.class);
    ExecutionUpdated view = find(executionId);
    if (view.getStatus() != ExecutionStatus.RUNNING) {
      throw ApiException.conflict(
          "execution " + executionId + " already ended: " + view.getStatus());
    }
    CancelExecution cancel =
        CancelExecution.newBuilder()
            .setId(UUID.randomUUID().toString())
            .setExecutionId(executionId)
            .setOccurredAt(Instant.now())
            .setCausationId(null)
            .setRequestedBy(requester.name())
            .setReason(request == null ? null : request.reason())
            .build();
    kafka.publish(
        Topics.EXECUTION_COMMANDS,
        executionId,
        ExecutionCommand.newBuilder().setCommand(cancel).build());
    return Response.accepted(new CancelRequested(executionId, cancel.getId())).build();
  }

  private ExecutionUpdated find(String executionId) {
    kafka.requireCaughtUp(kafka.executions());
    return kafka
        .executions()
        .get(executionId)
        .orElseThrow(
            () -> ApiException.notFound("execution " + executionId + " is not known (yet)"));
  }
}
