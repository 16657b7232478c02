package io.drsorch.plans.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.drsorch.plans.executions.DrillCleanupResource;
import io.drsorch.plans.executions.ExecutionResource;
import io.drsorch.plans.executions.RetryExecutionResource;
import io.drsorch.plans.executions.StartExecutionResource;
import io.drsorch.plans.executions.WaveApprovalResource;
import io.drsorch.plans.groups.ProtectionGroupResource;
import io.drsorch.plans.plans.PlanResource;
import io.drsorch.plans.readiness.ReadinessResource;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every endpoint names the roles that may call it, and reads need only {@code viewer}: an endpoint
 * without {@link Requires} would be refused to everyone, so this is where a new one is noticed.
 */
class EveryEndpointRequiresTest {

  private static final List<Class<?>> RESOURCES =
      List.of(
          PlanResource.class,
          ProtectionGroupResource.class,
          ExecutionResource.class,
          StartExecutionResource.class,
          WaveApprovalResource.class,
          RetryExecutionResource.class,
          DrillCleanupResource.class,
          ReadinessResource.class);

  /** What an operator does to an execution underway or ended: the operator's role, no other. */
  private static final Set<String> OPERATOR_CONTROL =
      Set.of(
          "ExecutionResource.cancel",
          "ExecutionResource.pause",
          "ExecutionResource.resume",
          "WaveApprovalResource.approve",
          "WaveApprovalResource.reject",
          "RetryExecutionResource.retry",
          "DrillCleanupResource.cleanUp");

  @Test
  void givenEveryResourceMethod_thenItRequiresRolesAndReadsRequireViewer() {
    List<String> endpoints = new ArrayList<>();
    for (Class<?> resource : RESOURCES) {
      assertThat(resource.isAnnotationPresent(Path.class)).as(resource.getName()).isTrue();
      for (Method method : resource.getDeclaredMethods()) {
        boolean endpoint =
            Arrays.stream(method.getAnnotations())
                .anyMatch(a -> a.annotationType().isAnnotationPresent(HttpMethod.class));
        if (!endpoint) {
          continue;
        }
        String name = resource.getSimpleName() + "." + method.getName();
        endpoints.add(name);
        Requires requires = method.getAnnotation(Requires.class);
        assertThat(requires).as(name + " has @Requires").isNotNull();
        assertThat(requires.value()).as(name).isNotEmpty();
        if (method.isAnnotationPresent(GET.class)) {
          assertThat(requires.value()).as(name).containsExactly(Role.VIEWER);
        } else {
          assertThat(requires.value()).as(name).doesNotContain(Role.VIEWER);
        }
        if (method.isAnnotationPresent(DELETE.class)) {
          assertThat(Set.of(requires.value())).as(name).containsExactly(Role.PLANNER);
        }
        if (OPERATOR_CONTROL.contains(name)) {
          assertThat(requires.value()).as(name).containsExactly(Role.OPERATOR);
        }
      }
    }
    assertThat(endpoints).containsAll(OPERATOR_CONTROL).hasSizeGreaterThanOrEqualTo(18);
  }
}
