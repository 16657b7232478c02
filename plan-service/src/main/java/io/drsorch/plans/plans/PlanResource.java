package io.drsorch.plans.plans;

import io.drsorch.planmodel.validation.Formats;
import io.drsorch.planmodel.validation.InvalidRequestException;
import io.drsorch.planmodel.validation.PlanDraft;
import io.drsorch.plans.http.ApiException;
import io.drsorch.plans.http.RequestBodies;
import io.drsorch.plans.identity.Requires;
import io.drsorch.plans.identity.Role;
import io.drsorch.schemas.limits.IdFormats;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

/** {@code /plans}: recovery plans, a DAG of waves, validated on every write. */
@Path("/plans")
@Produces(MediaType.APPLICATION_JSON)
public class PlanResource {

  @Inject PlanStore store;
  @Inject RequestBodies bodies;

  @Requires(Role.VIEWER)
  @GET
  public List<PlanResponse> list() {
    return store.all().stream().map(PlanResponse::of).toList();
  }

  @Requires(Role.VIEWER)
  @GET
  @Path("{planId}")
  public PlanResponse get(@PathParam("planId") String planId) {
    return store
        .find(planId)
        .map(PlanResponse::of)
        .orElseThrow(() -> ApiException.notFound("plan '" + planId + "' does not exist"));
  }

  /** JSON, or YAML with {@code Content-Type: application/yaml}. */
  @Requires(Role.PLANNER)
  @PUT
  @Path("{planId}")
  public PlanResponse put(
      @PathParam("planId") String planId,
      @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
      String body) {
    if (!IdFormats.isId(planId)) {
      throw InvalidRequestException.of("planId", Formats.malformedId("plan", planId));
    }
    PlanDraft draft = bodies.read(body, contentType, PlanDraft.class);
    return PlanResponse.of(store.put(planId, draft));
  }

  @Requires(Role.PLANNER)
  @DELETE
  @Path("{planId}")
  public Response delete(@PathParam("planId") String planId) {
    store.delete(planId);
    return Response.noContent().build();
  }
}
