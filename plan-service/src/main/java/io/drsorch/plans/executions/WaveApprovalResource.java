package io.drsorch.plans.executions;

import io.drsorch.avro.ApproveWave;
import io.drsorch.avro.ExecutionUpdated;
import io.drsorch.avro.RejectWave;
import io.drsorch.avro.WaveStatus;
import io.drsorch.avro.WaveView;
import io.drsorch.planmodel.validation.OperatorTexts;
import io.drsorch.plans.http.ApiException;
import io.drsorch.plans.http.RequestBodies;
import io.drsorch.plans.identity.Requester;
import io.drsorch.plans.identity.Requires;
import io.drsorch.plans.identity.Role;
import jakarta.inject.Inject;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.UUID;

/**
 * {@code /executions/{executionId}/waves/{waveId}}: an operator's answer to a wave waiting at its
 * approval gate, sent to the scheduler on {@code drs.execution-commands}. Approved, the wave
 * launches; rejected, it is SKIPPED and its dependents with it. Only a wave the current view shows
 * WAITING_APPROVAL is answered: an approval meant for a gate that is no longer there would
 * otherwise be accepted and do nothing, and the operator would not know.
 */
@Path("/executions/{executionId}/waves/{waveId}")
@Produces(MediaType.APPLICATION_JSON)
public class WaveApprovalResource {

  public record ApproveRequest(String comment) {}

  public record RejectRequest(String reason) {}

  /** The answer to a wave's command accepted for the scheduler. */
  public record WaveCommandAccepted(String executionId, String waveId, String commandId) {}

  @Inject ExecutionViews views;
  @Inject ExecutionCommands commands;
  @Inject RequestBodies bodies;
  @Inject Requester requester;

  @Requires(Role.OPERATOR)
  @POST
  @Path("approve")
  public Response approve(
      @PathParam("executionId") String executionId,
      @PathParam("waveId") String waveId,
      @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
      String body) {
    ApproveRequest request = bodies.readOrNull(body, contentType, ApproveRequest.class);
    String comment = request == null ? null : request.comment();
    OperatorTexts.require("comment", comment);
    requireWaiting(executionId, waveId);
    ApproveWave approve =
        ApproveWave.newBuilder()
            .setId(UUID.randomUUID().toString())
            .setExecutionId(executionId)
            .setOccurredAt(Instant.now())
            .setCausationId(null)
            .setWaveId(waveId)
            .setRequestedBy(requester.name())
            .setComment(comment)
            .build();
    commands.send(executionId, approve);
    return Response.accepted(new WaveCommandAccepted(executionId, waveId, approve.getId())).build();
  }

  @Requires(Role.OPERATOR)
  @POST
  @Path("reject")
  public Response reject(
      @PathParam("executionId") String executionId,
      @PathParam("waveId") String waveId,
      @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
      String body) {
    RejectRequest request = bodies.readOrNull(body, contentType, RejectRequest.class);
    String reason = request == null ? null : request.reason();
    OperatorTexts.require("reason", reason);
    requireWaiting(executionId, waveId);
    RejectWave reject =
        RejectWave.newBuilder()
            .setId(UUID.randomUUID().toString())
            .setExecutionId(executionId)
            .setOccurredAt(Instant.now())
            .setCausationId(null)
            .setWaveId(waveId)
            .setRequestedBy(requester.name())
            .setReason(reason)
            .build();
    commands.send(executionId, reject);
    return Response.accepted(new WaveCommandAccepted(executionId, waveId, reject.getId())).build();
  }

  /**
   * @throws ApiException 404 for an unknown execution or wave, 409 when the execution ended or the
   *     wave does not wait for approval
   */
  private void requireWaiting(String executionId, String waveId) {
    ExecutionUpdated view = views.find(executionId);
    WaveView wave =
        view.getWaves().stream()
            .filter(w -> w.getWaveId().equals(waveId))
            .findFirst()
            .orElseThrow(
                () ->
                    ApiException.notFound(
                        "execution " + executionId + " has no wave '" + waveId + "'"));
    ExecutionCommands.requireUnderway(view);
    if (wave.getStatus() != WaveStatus.WAITING_APPROVAL) {
      throw ApiException.conflict(
          "wave " + waveId + " is " + wave.getStatus() + ", not " + WaveStatus.WAITING_APPROVAL);
    }
  }
}
