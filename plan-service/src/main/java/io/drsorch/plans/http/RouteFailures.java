package io.drsorch.plans.http;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;

/**
 * Answers a failure in any route (the framework's own, the health checks, ours) with the API's JSON
 * error instead of Quarkus' error page: the status and its reason, and for a server error only
 * {@code {"error": "internal error"}}, whatever was thrown, {@link Error}s included. The resources'
 * own failures never get here: {@link ErrorMappers} answers them.
 */
@ApplicationScoped
public class RouteFailures {

  private static final Logger LOG = Logger.getLogger(RouteFailures.class);

  /** After the routes that answer their own failures ({@link BodyLimit}), before Quarkus' page. */
  static final int ROUTE_ORDER = BodyLimit.ROUTE_ORDER + 1;

  void install(@Observes Router router) {
    router.route().order(ROUTE_ORDER).failureHandler(this::answer);
  }

  private void answer(RoutingContext ctx) {
    if (ctx.response().ended() || ctx.response().headWritten()) {
      // Too late to answer: all that is left is to close.
      ctx.request().connection().close();
      return;
    }
    int status = ctx.statusCode() < 400 ? 500 : ctx.statusCode();
    if (status >= 500) {
      LOG.error("unexpected failure answering a request", ctx.failure());
      RouteAnswers.message(ctx, status, ErrorMappers.INTERNAL_ERROR);
      return;
    }
    Response.Status known = Response.Status.fromStatusCode(status);
    RouteAnswers.message(ctx, status, known == null ? "HTTP " + status : known.getReasonPhrase());
  }
}
