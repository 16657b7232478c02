package io.drsorch.plans.http;

import io.drsorch.planmodel.validation.InvalidRequestException;
import io.drsorch.plans.kafka.KafkaUnavailableException;
import io.drsorch.plans.readiness.DrsUnavailableException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Turns every failure into one of the two JSON error shapes with the right status, including the
 * framework's own (unknown path, wrong method, unsupported media type), so that no client ever gets
 * HTML or a stack trace. Failures outside the resources (in routes) are answered by {@link
 * RouteFailures}.
 */
public class ErrorMappers {

  private static final Logger LOG = Logger.getLogger(ErrorMappers.class);

  /** The whole answer to anything unexpected: its details are for the log, not for the client. */
  public static final String INTERNAL_ERROR = "internal error";

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

  /** DRS could not be asked what a readiness check needs: no partial answer, try again later. */
  @ServerExceptionMapper
  public Response drsUnavailable(DrsUnavailableException e) {
    LOG.warnf("answering 503: %s", e.getMessage());
    return ErrorBodies.message(503, e.getMessage());
  }

  @ServerExceptionMapper
  public Response framework(WebApplicationException e) {
    int status = e.getResponse().getStatus();
    if (status == 500) {
      return unexpected(e);
    }
    if (status > 500) {
      // The status tells the client what to do (503: retry later); the message may hold internals.
      LOG.warnf(e, "answering %d", status);
      return ErrorBodies.message(status, reasonPhrase(status));
    }
    String message =
        e.getMessage() == null || e.getMessage().isBlank() ? reasonPhrase(status) : e.getMessage();
    return ErrorBodies.message(status, message);
  }

  private static String reasonPhrase(int status) {
    Response.Status known = Response.Status.fromStatusCode(status);
    return known == null ? "HTTP " + status : known.getReasonPhrase();
  }

  /**
   * Any other exception and any {@link Error} (out of memory, stack overflow): a request must not
   * learn the service's internals from it. Whether the service can go on after an {@link Error} is
   * not something this answer decides: the JVM may be left in no state to.
   */
  @ServerExceptionMapper
  public Response unexpected(Throwable e) {
    LOG.error("unexpected failure answering a request", e);
    return ErrorBodies.message(500, INTERNAL_ERROR);
  }
}
