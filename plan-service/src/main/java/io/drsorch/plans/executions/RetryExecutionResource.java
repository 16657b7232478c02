package io.drsorch.plans.executions;

import io.drsorch.avro.ExecutionMode;
import io.drsorch.avro.ExecutionRequested;
import io.drsorch.avro.ExecutionUpdated;
import io.drsorch.planmodel.records.ExecutionRetries;
import io.drsorch.planmodel.records.NotRetryableException;
import io.drsorch.plans.executions.StartExecutionResource.Started;
import io.drsorch.plans.http.ApiException;
import io.drsorch.plans.http.RequestBodies;
import io.drsorch.plans.identity.Requester;
import io.drsorch.plans.identity.Requires;
import io.drsorch.plans.identity.Role;
import io.drsorch.plans.kafka.KafkaConnections;
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
import java.util.List;
import java.util.UUID;

/**
 * {@code POST /executions/{executionId}/retry}: runs a FAILED or TIMED_OUT execution again from its
 * point of failure, as a new execution of the same frozen plan (see {@link ExecutionRetries}). The
 * request goes where a start's goes, {@code drs.execution-requests} keyed by the plan, so the
 * scheduler admits it by the same rules: a plan that runs already gets the retry REJECTED, with the
 * reason. Answered 202 once the broker acknowledged the request.
 *
 * <p>A retry recovers to the retried execution's {@code pointInTime} and carries no pre-flight
 * verdict (its {@code preflight} is null, see {@link ExecutionRetries}): DRS is not asked again
 * here, because the retry exists to finish what failed, and servers that failed to launch are
 * exactly the ones a pre-flight enforced now could refuse.
 */
@Path("/executions/{executionId}/retry")
@Produces(MediaType.APPLICATION_JSON)
public class RetryExecutionResource {

  /**
   * @param skipWaves FAILED or TIMED_OUT waves to count as done without relaunching them
   * @param reason why, recorded with each of them
   */
  public record RetryRequest(List<String> skipWaves, String reason) {}

  @Inject ExecutionViews views;
  @Inject KafkaConnections kafka;
  @Inject RequestBodies bodies;
  @Inject Requester requester;

  @Requires(Role.OPERATOR)
  @POST
  public Response retry(
      @PathParam("executionId") String executionId,
      @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
      String body) {
    RetryRequest request = bodies.readOrNull(body, contentType, RetryRequest.class);
    ExecutionUpdated old = views.find(executionId);
    ExecutionMode mode = old.getMode();
    // A retried RECOVERY launches for real too: it needs the role that starts one, besides the
    // operator's.
    requester.require(Role.toStart(mode), "retry a " + mode);
    String newExecutionId = UUID.randomUUID().toString();
    ExecutionRequested retry;
    try {
      retry =
          ExecutionRetries.request(
              old,
              request == null ? null : request.skipWaves(),
              request == null ? null : request.reason(),
              requester.name(),
              newExecutionId,
              UUID.randomUUID().toString(),
              Instant.now());
    } catch (NotRetryableException e) {
      throw ApiException.conflict(e.getMessage());
    }
    refuseIfRetriedAlready(old);
    kafka.publish(Topics.EXECUTION_REQUESTS, old.getPlanId(), retry);
    return Response.accepted(new Started(newExecutionId))
        .location(URI.create("/executions/" + newExecutionId))
        .build();
  }

  /**
   * Once a retry was admitted, the retried execution's view no longer says which servers were
   * launched: the retry launched more. Retrying the old execution again would relaunch those,
   * making second recovery instances of them; the newest retry is the one to retry. A REJECTED
   * retry launched nothing, so it does not count.
   */
  private void refuseIfRetriedAlready(ExecutionUpdated old) {
    RetryLinks.admittedRetry(views.all(), old.getExecutionId())
        .ifPresent(
            retry -> {
              throw ApiException.conflict(
                  "execution "
                      + old.getExecutionId()
                      + " was retried already by execution "
                      + retry.getExecutionId()
                      + " ("
                      + retry.getStatus()
                      + "): retry that one instead");
            });
  }
}
