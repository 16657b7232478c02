package io.drsorch.plans.identity;

import io.drsorch.plans.http.ErrorBodies;
import io.quarkus.security.AuthenticationException;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Checks, before a resource method runs, that the caller's token holds one of the roles the method
 * {@link Requires}: 401 without a valid token, 403 without the role, both with the API's JSON error
 * body. Authentication is lazy ({@code quarkus.http.auth.proactive=false}) so that a refused token
 * is answered here, in the API's shape, rather than by an empty 401 of the HTTP layer.
 */
public class AccessFilter {

  @Inject Authentication authentication;
  @Inject CurrentIdentityAssociation identities;

  @ServerRequestFilter
  public Uni<Response> check(ResourceInfo resource, ContainerRequestContext request) {
    if (!authentication.enabled()) {
      return Uni.createFrom().nullItem();
    }
    Requires requires = resource.getResourceMethod().getAnnotation(Requires.class);
    Role[] anyOf = requires == null ? new Role[0] : requires.value();
    String what = request.getMethod() + " " + request.getUriInfo().getPath();
    return identities
        .getDeferredIdentity()
        .map(
            identity -> {
              AccessCheck.Caller caller =
                  identity.isAnonymous()
                      ? null
                      : new AccessCheck.Caller(
                          Requester.principalName(identity), identity.getRoles());
              return answer(AccessCheck.check(caller, anyOf, what));
            })
        .onFailure(failure -> failure instanceof AuthenticationException)
        .recoverWithItem(() -> answer(AccessCheck.invalidToken()));
  }

  /** Null (go on) when allowed. */
  private static Response answer(AccessCheck.Refusal refusal) {
    if (refusal == null) {
      return null;
    }
    Response response = ErrorBodies.message(refusal.status(), refusal.message());
    if (refusal.status() == 401) {
      return Response.fromResponse(response)
          .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"drs-orchestrator\"")
          .build();
    }
    return response;
  }
}
