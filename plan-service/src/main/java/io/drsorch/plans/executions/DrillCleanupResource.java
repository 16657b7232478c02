package io.drsorch.plans.executions;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.drsorch.avro.CleanUpExecution;
import io.drsorch.avro.ExecutionMode;
import io.drsorch.avro.ExecutionStatus;
import io.drsorch.avro.ExecutionUpdated;
import io.drsorch.plans.executions.ExecutionResponse.Cleanup;
import io.drsorch.plans.http.ApiException;
import io.drsorch.plans.identity.Requester;
import io.drsorch.plans.identity.Requires;
import io.drsorch.plans.identity.Role;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.UUID;

/**
 * {@code POST /executions/{executionId}/cleanup}: asks the scheduler to terminate the recovery
 * instances an ended DRILL launched, and exactly those ({@code CleanUpExecution} on {@code
 * drs.execution-commands}). The scheduler would ignore a cleanup it cannot do; this resource
 * refuses it (409) instead, so that the operator learns why nothing happens.
 *
 * <p>A cleanup is asked for once: when the view shows one already, the answer is its state and no
 * command is sent, so that a repeated request (a retry of a timed-out call, a second operator) is
 * harmless and says where the first one got to. Two requests racing before the view shows the first
 * may both send the command; the scheduler acts on the first only, so that is harmless too.
 */
@Path("/executions/{executionId}/cleanup")
@Produces(MediaType.APPLICATION_JSON)
public class DrillCleanupResource {

  /**
   * The answer: the cleanup as the view shows it, or {@code REQUESTED} when this call asked for it.
   *
   * @param commandId the command this call sent; left out when the view had a cleanup already
   */
  public record CleanupAccepted(
      String executionId,
      Cleanup cleanup,
      @JsonInclude(JsonInclude.Include.NON_NULL) String commandId) {}

  @Inject ExecutionViews views;
  @Inject ExecutionCommands commands;
  @Inject Requester requester;

  @Requires(Role.OPERATOR)
  @POST
  public Response cleanUp(@PathParam("executionId") String executionId) {
    ExecutionUpdated view = views.find(executionId);
    requireCleanable(view);
    if (view.getCleanup() != null) {
      return Response.accepted(
              new CleanupAccepted(executionId, Cleanup.of(view.getCleanup()), null))
          .build();
    }
    Instant now = Instant.now();
    CleanUpExecution cleanUp =
        CleanUpExecution.newBuilder()
            .setId(UUID.randomUUID().toString())
            .setExecutionId(executionId)
            .setOccurredAt(now)
            .setCausationId(null)
            .setRequestedBy(requester.name())
            .build();
    commands.send(executionId, cleanUp);
    return Response.accepted(
            new CleanupAccepted(
                executionId, Cleanup.requested(cleanUp.getRequestedBy(), now), cleanUp.getId()))
        .build();
  }

  /**
   * @throws ApiException 409 for a RECOVERY, an execution underway, or one never admitted
   */
  static void requireCleanable(ExecutionUpdated view) {
    String executionId = view.getExecutionId();
    if (view.getMode() == ExecutionMode.RECOVERY) {
      throw ApiException.conflict(
          "execution "
              + executionId
              + " is a RECOVERY: a RECOVERY's instances are the recovered systems: they are never"
              + " cleaned up by the orchestrator");
    }
    ExecutionStatus status = view.getStatus();
    if (status == ExecutionStatus.RUNNING || status == ExecutionStatus.PAUSED) {
      throw ApiException.conflict(
          "execution "
              + executionId
              + " is "
              + status
              + ": clean up a drill once it has ended (cancel it first to end it now)");
    }
    if (status == ExecutionStatus.REJECTED) {
      throw ApiException.conflict(
          "execution "
              + executionId
              + " was REJECTED: it launched nothing, there is nothing to"
              + " clean up");
    }
  }
}
