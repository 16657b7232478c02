package io.drsorch.plans.groups;

import io.drsorch.planmodel.validation.Formats;
import io.drsorch.planmodel.validation.InvalidRequestException;
import io.drsorch.planmodel.validation.ProtectionGroupDraft;
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

/** {@code /protection-groups}: named sets of source servers in one region that waves can use. */
@Path("/protection-groups")
@Produces(MediaType.APPLICATION_JSON)
public class ProtectionGroupResource {

  @Inject ProtectionGroupStore store;
  @Inject RequestBodies bodies;

  @Requires(Role.VIEWER)
  @GET
  public List<ProtectionGroupResponse> list() {
    return store.all().stream().map(ProtectionGroupResponse::of).toList();
  }

  @Requires(Role.VIEWER)
  @GET
  @Path("{groupId}")
  public ProtectionGroupResponse get(@PathParam("groupId") String groupId) {
    return store.find(groupId).map(ProtectionGroupResponse::of).orElseThrow(() -> unknown(groupId));
  }

  @Requires(Role.PLANNER)
  @PUT
  @Path("{groupId}")
  public ProtectionGroupResponse put(
      @PathParam("groupId") String groupId,
      @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
      String body) {
    if (!IdFormats.isId(groupId)) {
      throw InvalidRequestException.of("groupId", Formats.malformedId("group", groupId));
    }
    ProtectionGroupDraft draft = bodies.read(body, contentType, ProtectionGroupDraft.class);
    return ProtectionGroupResponse.of(store.put(groupId, draft));
  }

  @Requires(Role.PLANNER)
  @DELETE
  @Path("{groupId}")
  public Response delete(@PathParam("groupId") String groupId) {
    store.delete(groupId);
    return Response.noContent().build();
  }

  private static ApiException unknown(String groupId) {
    return ApiException.notFound("protection group '" + groupId + "' does not exist");
  }
}
