package io.drsorch.plans.http;

import io.drsorch.planmodel.validation.ValidationError;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * The API's two JSON error shapes ({@link ErrorBodies}) answered from a Vert.x route, for the
 * checks that run before a request reaches a resource.
 */
final class RouteAnswers {

  private RouteAnswers() {}

  static void message(RoutingContext ctx, int status, String message) {
    answer(ctx, status, new JsonObject().put("error", message));
  }

  static void errors(RoutingContext ctx, int status, List<ValidationError> errors) {
    JsonArray list = new JsonArray();
    for (ValidationError error : errors) {
      list.add(new JsonObject().put("path", error.path()).put("message", error.message()));
    }
    answer(ctx, status, new JsonObject().put("errors", list));
  }

  private static void answer(RoutingContext ctx, int status, JsonObject body) {
    ctx.response()
        .setStatusCode(status)
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
        .end(body.encode());
  }
}
