package io.drsorch.plans.http;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Refuses a request whose declared body is over {@code quarkus.http.limits.max-body-size} with 413
 * and the API's JSON error body. Quarkus enforces the same limit in a route of its own (order -2)
 * that answers 413 with an empty body; this route runs just before it, so a client always learns
 * why. The body is never read: the connection is closed once the answer is sent, as Quarkus does.
 *
 * <p>A chunked body (no Content-Length) is read here with Vert.x's body handler up to the same
 * limit, which Quarkus REST then uses as the body: otherwise Quarkus REST would cut it off while
 * reading it and answer 413 itself, again with an empty body. Over the limit, the failure handler
 * answers JSON.
 */
@ApplicationScoped
public class BodyLimit {

  /**
   * Just before Quarkus' own upload limit route ({@code RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT}).
   */
  static final int ROUTE_ORDER = -3;

  @ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "10240K")
  MemorySize maxBodySize;

  void install(@Observes Router router) {
    long limit = maxBodySize.asLongValue();
    BodyHandler chunkedBodies = BodyHandler.create(false).setBodyLimit(limit);
    router
        .route()
        .order(ROUTE_ORDER)
        .handler(
            ctx -> {
              String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
              if (length == null
                  && ctx.request().headers().contains(HttpHeaders.TRANSFER_ENCODING)) {
                chunkedBodies.handle(ctx);
                return;
              }
              Long declared = declaredLength(length);
              if (declared == null || declared <= limit) {
                ctx.next();
                return;
              }
              tooLarge(
                  ctx,
                  "request body of "
                      + declared
                      + " bytes is over the limit of "
                      + limit
                      + " bytes");
            })
        .failureHandler(
            ctx -> {
              if (ctx.statusCode() == 413 && !ctx.response().ended()) {
                tooLarge(ctx, "request body is over the limit of " + limit + " bytes");
              } else {
                ctx.next();
              }
            });
  }

  private static void tooLarge(RoutingContext ctx, String message) {
    ctx.response()
        .setStatusCode(413)
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
        .putHeader(HttpHeaders.CONNECTION, "close")
        .endHandler(done -> ctx.request().connection().close())
        .end(new JsonObject().put("error", message).encode());
  }

  private static Long declaredLength(String header) {
    if (header == null) {
      return null;
    }
    try {
      return Long.parseLong(header.trim());
    } catch (NumberFormatException e) {
      return null; // Vert.x itself rejects a malformed Content-Length
    }
  }
}
