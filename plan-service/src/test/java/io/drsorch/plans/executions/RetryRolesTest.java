package io.drsorch.plans.executions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.drsorch.avro.ExecutionMode;
import io.drsorch.avro.ExecutionStatus;
import io.drsorch.avro.ExecutionUpdated;
import io.drsorch.plans.http.ApiException;
import io.drsorch.plans.http.RequestBodies;
import io.drsorch.plans.identity.Requester;
import io.drsorch.plans.identity.Requires;
import io.drsorch.plans.identity.Role;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A retry launches what its execution launched: retrying a RECOVERY needs the role that starts one,
 * on top of the operator's role every retry needs. Checked on the resource itself, with a caller
 * who holds only some roles, before anything is published.
 */
class RetryRolesTest {

  /** A caller holding {@code roles}, refused (403) whatever else is required. */
  private static final class Caller extends Requester {
    private final List<Role> roles;
    private final List<Role> asked = new ArrayList<>();

    Caller(Role... roles) {
      this.roles = List.of(roles);
    }

    @Override
    public String name() {
      return "carol";
    }

    @Override
    public void require(Role role, String what) {
      asked.add(role);
      if (!roles.contains(role)) {
        throw new ApiException(403, "'carol' may not " + what + ": role '" + role.claim() + "'");
      }
    }
  }

  /** Only the one view, never published to: a refused retry must stop before Kafka. */
  private static RetryExecutionResource resource(ExecutionUpdated view, Caller caller) {
    RetryExecutionResource resource = new RetryExecutionResource();
    resource.views =
        new ExecutionViews() {
          @Override
          public ExecutionUpdated find(String executionId) {
            return view;
          }

          @Override
          public Collection<ExecutionUpdated> all() {
            return List.of(view);
          }
        };
    resource.bodies = new RequestBodies();
    resource.requester = caller;
    return resource;
  }

  private static ExecutionUpdated view(ExecutionMode mode, ExecutionStatus status) {
    return TestViews.execution("e-1", "plan-1", status).setMode(mode).build();
  }

  @Test
  void givenAnOperatorWithoutTheRecoveryRole_whenRetryingARecovery_then403() {
    // given
    Caller operator = new Caller(Role.OPERATOR);
    RetryExecutionResource resource =
        resource(view(ExecutionMode.RECOVERY, ExecutionStatus.FAILED), operator);

    // when
    ApiException refused =
        catchThrowableOfType(ApiException.class, () -> resource.retry("e-1", null, null));

    // then
    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused).hasMessageContaining("retry a RECOVERY");
    assertThat(operator.asked).containsExactly(Role.RECOVERY);
  }

  @Test
  void givenAnOperator_whenRetryingADrill_thenOnlyTheOperatorsRoleIsAskedFor() {
    // given: a drill that completed, so that the retry stops at 409 after the role check
    Caller operator = new Caller(Role.OPERATOR);
    RetryExecutionResource resource =
        resource(view(ExecutionMode.DRILL, ExecutionStatus.COMPLETED), operator);

    // when
    ApiException refused =
        catchThrowableOfType(ApiException.class, () -> resource.retry("e-1", null, null));

    // then
    assertThat(refused.status()).isEqualTo(409);
    assertThat(operator.asked).containsOnly(Role.OPERATOR);
  }

  @Test
  void givenTheEndpoint_thenEveryRetryNeedsTheOperatorsRole() throws Exception {
    Method retry =
        RetryExecutionResource.class.getMethod("retry", String.class, String.class, String.class);
    assertThat(retry.getAnnotation(Requires.class).value()).containsExactly(Role.OPERATOR);
  }
}
