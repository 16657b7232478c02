package io.drsorch.plans.identity;

import io.drsorch.plans.http.ApiException;
import io.drsorch.schemas.limits.PlanLimits;
import io.quarkus.runtime.Startup;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Who is asking, as the audit trail records it ({@code requestedBy} of an execution or a
 * cancellation): the user the bearer token was issued to ({@code preferred_username}, else its
 * subject), never a name the request states. Without authentication ({@link Authentication}, on a
 * loopback address only) every request is the operator this instance is configured for ({@code
 * plans.local-operator}); an {@code X-Requested-By} header is ignored either way.
 */
@Startup
@ApplicationScoped
public class Requester {

  @ConfigProperty(name = "plans.local-operator", defaultValue = "local-operator")
  String localOperator;

  @Inject Authentication authentication;
  @Inject SecurityIdentity identity;

  /**
   * Refuses to start with a name the scheduler would refuse in a request. The bean is created at
   * start ({@link Startup}), not at the first request that asks for a name, so a bad value stops
   * the service from starting, with this one line as the reason.
   */
  @PostConstruct
  void check() {
    if (localOperator == null || localOperator.isBlank()) {
      throw new IllegalStateException("plans.local-operator must name the operator");
    }
    if (localOperator.length() > PlanLimits.MAX_REQUESTED_BY_LENGTH) {
      throw new IllegalStateException(
          "plans.local-operator is "
              + localOperator.length()
              + " characters long; at most "
              + PlanLimits.MAX_REQUESTED_BY_LENGTH);
    }
  }

  /** The name recorded for the current request. */
  public String name() {
    if (!authentication.enabled()) {
      return localOperator;
    }
    String name = principalName(identity);
    if (name.length() > PlanLimits.MAX_REQUESTED_BY_LENGTH) {
      throw new ApiException(
          403,
          "the token's user name is "
              + name.length()
              + " characters long; the audit trail records at most "
              + PlanLimits.MAX_REQUESTED_BY_LENGTH);
    }
    return name;
  }

  /**
   * Refuses the request (403) unless the caller holds {@code role}: for what depends on the body,
   * such as the mode of an execution, which {@link Requires} cannot see.
   */
  public void require(Role role, String what) {
    if (!authentication.enabled()) {
      return;
    }
    AccessCheck.Refusal refusal =
        AccessCheck.check(
            new AccessCheck.Caller(principalName(identity), identity.getRoles()),
            new Role[] {role},
            what);
    if (refusal != null) {
      throw new ApiException(refusal.status(), refusal.message());
    }
  }

  /** The token's user: {@code preferred_username}, else its subject. */
  static String principalName(SecurityIdentity identity) {
    if (identity.getPrincipal() instanceof JsonWebToken token) {
      Object username = token.getClaim("preferred_username");
      if (username instanceof String s && !s.isBlank()) {
        return s;
      }
      if (token.getSubject() != null && !token.getSubject().isBlank()) {
        return token.getSubject();
      }
    }
    return identity.getPrincipal().getName();
  }
}
