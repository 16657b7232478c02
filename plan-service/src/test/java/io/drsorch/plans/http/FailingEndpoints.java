package io.drsorch.plans.http;

import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;

/**
 * Test-only endpoints that fail the ways a real request could make the service fail: an exception
 * whose message holds internals, running out of memory, overflowing the stack, a 503 with internals
 * in its message; in a resource and in a Vert.x route outside any resource.
 */
@Path("/test-failures")
@Produces(MediaType.APPLICATION_JSON)
public class FailingEndpoints {

  /** What a failure's message holds that no answer may show. */
  static final String SECRET = "jdbc:secret@10.0.0.1";

  @GET
  @Path("{kind}")
  public String fail(@PathParam("kind") String kind) {
    raise(kind);
    return "unreachable";
  }

  static void raise(String kind) {
    switch (kind) {
      case "out-of-memory" -> throw new OutOfMemoryError("Java heap space near " + SECRET);
      case "stack-overflow" -> throw new StackOverflowError(SECRET);
      case "unavailable" -> throw new WebApplicationException("pool exhausted at " + SECRET, 503);
      default -> throw new IllegalStateException("cannot reach " + SECRET);
    }
  }

  @ApplicationScoped
  static class FailingRoute {

    void install(@Observes Router router) {
      router.get("/test-route-failures/:kind").handler(ctx -> raise(ctx.pathParam("kind")));
    }
  }
}
