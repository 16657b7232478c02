package io.drsorch.plans.identity;

import io.drsorch.schemas.limits.PlanLimits;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Who is asking, as the audit trail records it ({@code requestedBy} of an execution or a
 * cancellation).
 *
 * <p>This service does not authenticate its callers yet, so nothing a request says about its sender
 * can be believed: a name taken from a header would let anyone put anyone's name in the audit
 * trail. Until there is authentication, every request is recorded as the operator this instance is
 * configured for ({@code plans.local-operator}), and any {@code X-Requested-By} header is ignored.
 */
@Startup
@ApplicationScoped
public class Requester {

  @ConfigProperty(name = "plans.local-operator", defaultValue = "local-operator")
  String localOperator;

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
    return localOperator;
  }
}
