package io.drsorch.plans.executions;

import io.drsorch.avro.CancelExecution;
import io.drsorch.avro.ExecutionUpdated;
import io.drsorch.avro.PauseExecution;
import io.drsorch.avro.ResumeExecution;
import io.drsorch.planmodel.validation.OperatorTexts;
import io.drsorch.plans.http.RequestBodies;
import io.drsorch.plans.identity.Requester;
import io.drsorch.plans.identity.Requires;
import io.drsorch.plans.identity.Role;
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
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * {@code /executions}: status from the scheduler's views on {@code drs.executions}, and the
 * operator's commands to a whole execution (cancel, pause, resume) through {@code
 * drs.execution-commands}. A wave's approval is {@link WaveApprovalResource}'s, a retry {@link
 * RetryExecutionResource}'s.
 */
@Path("/executions")
@Produces(MediaType.APPLICATION_JSON)
public class ExecutionResource {

  public record CancelRequest(String reason) {}

  public record PauseRequest(String reason) {}

  /** A resume says nothing more; a body, if any, must be empty. */
  public record ResumeRequest() {}

  /** The answer to a command accepted for the scheduler. */
  public record CommandAccepted(String executionId, String commandId) {}

  @Inject ExecutionViews views;
  @Inject ExecutionCommands commands;
  @Inject RequestBodies bodies;
  @Inject Requester requester;

  /** Newest first; only those of {@code planId} when given. */
  @Requires(Role.VIEWER)
  @GET
  public List<ExecutionResponse> list(@QueryParam("planId") String planId) {
    Collection<ExecutionUpdated> all = views.all();
    Map<String, String> retriedBy = RetryLinks.retriedBy(all);
    return all.stream()
        .filter(view -> planId == null || planId.equals(view.getPlanId()))
        .sorted(RetryLinks.BY_START.reversed())
        .map(view -> ExecutionResponse.of(view, retriedBy.get(view.getExecutionId())))
        .toList();
  }

  @Requires(Role.VIEWER)
  @GET
  @Path("{executionId}")
  public ExecutionResponse get(@PathParam("executionId") String executionId) {
    return views.response(views.find(executionId));
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
    ExecutionCommands.requireUnderway(views.find(executionId));
    CancelExecution cancel =
        CancelExecution.newBuilder()
            .setId(UUID.randomUUID().toString())
            .setExecutionId(executionId)
            .setOccurredAt(Instant.now())
            .setCausationId(null)
            .setRequestedBy(requester.name())
            .setReason(request == null ? null : request.reason())
            .build();
    commands.send(executionId, cancel);
    return Response.accepted(new CommandAccepted(executionId, cancel.getId())).build();
  }

  /**
   * Asks the scheduler to launch nothing new until resumed; waves already launched are tracked to
   * their end. Pausing a PAUSED execution is accepted and changes nothing: this view may lag the
   * scheduler (a resume just sent), so refusing it could refuse a pause that is needed.
   */
  @Requires(Role.OPERATOR)
  @POST
  @Path("{executionId}/pause")
  public Response pause(
      @PathParam("executionId") String executionId,
      @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
      String body) {
    PauseRequest request = bodies.readOrNull(body, contentType, PauseRequest.class);
    String reason = request == null ? null : request.reason();
    OperatorTexts.require("reason", reason);
    ExecutionCommands.requireUnderway(views.find(executionId));
    PauseExecution pause =
        PauseExecution.newBuilder()
            .setId(UUID.randomUUID().toString())
            .setExecutionId(executionId)
            .setOccurredAt(Instant.now())
            .setCausationId(null)
            .setRequestedBy(requester.name())
            .setReason(reason)
            .build();
    commands.send(executionId, pause);
    return Response.accepted(new CommandAccepted(executionId, pause.getId())).build();
  }

  /**
   * Asks the scheduler to launch again: every wave that became ready meanwhile launches at once.
   * Resuming a RUNNING execution is accepted and changes nothing, for the reason a pause of a
   * PAUSED one is.
   */
  @Requires(Role.OPERATOR)
  @POST
  @Path("{executionId}/resume")
  public Response resume(
      @PathParam("executionId") String executionId,
      @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
      String body) {
    bodies.readOrNull(body, contentType, ResumeRequest.class);
    ExecutionCommands.requireUnderway(views.find(executionId));
    ResumeExecution resume =
        ResumeExecution.newBuilder()
            .setId(UUID.randomUUID().toString())
            .setExecutionId(executionId)
            .setOccurredAt(Instant.now())
            .setCausationId(null)
            .setRequestedBy(requester.name())
            .build();
    commands.send(executionId, resume);
    return Response.accepted(new CommandAccepted(executionId, resume.getId())).build();
  }
}
