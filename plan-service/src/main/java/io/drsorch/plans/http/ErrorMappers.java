package io.drsorch.plans.http;

import io.drsorch.plans.kafka.KafkaUnavailableException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Turns every failure into one of the two JSON error shapes with the right status, including the
 * framework's own (unknown path, wrong method, unsupported media type), so that no client ever gets
 * HTML or a stack trace.
 */
public class ErrorMappers {

  private static final Logger LOG = Logger.getLogger(ErrorMappers.class);

  @ServerExceptionMapper
  public Response invalid(InvalidRequestException e) {
    return ErrorBodies.errors(400, e.errors());
  }

  @ServerExceptionMapper
  public Response api(ApiException e) {
    return ErrorBodies.message(e.status(), e.getMessage());
  }

  @ServerExceptionMapper
  public Response unavailable(KafkaUnavailableException e) {
    LOG.warnf("answering 503: %s", e.getMessage());
    return ErrorBodies.message(503, e.getMessage());
  }

  @ServerExceptionMapper
  public Response framework(WebApplicationException e) {
    int status = e.getResponse().getStatus();
    String message =
        e.getMessage() == null || e.getMessage().isBlank()
            ? Response.Status.fromStatusCode(status) == null
                ? "HTTP " + status
                : Response.Status.fromStatusCode(status).getReasonPhrase()
            : e.getMessage();
    return ErrorBodies.message(status, message);
  }

  @ServerExceptionMapper
  public Response unexpected(Exception e) {
    LOG.error("unexpected failure answering a request", e);
    return ErrorBodies.message(500, "internal error; see the plan-service log");
  }
}
