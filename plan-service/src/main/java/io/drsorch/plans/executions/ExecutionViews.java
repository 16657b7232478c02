package io.drsorch.plans.executions;

import io.drsorch.avro.ExecutionUpdated;
import io.drsorch.plans.http.ApiException;
import io.drsorch.plans.kafka.KafkaConnections;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Collection;

/**
 * The scheduler's views of the executions ({@code drs.executions}) as this instance holds them. An
 * execution is unknown here until the scheduler has written its first view.
 */
@ApplicationScoped
public class ExecutionViews {

  @Inject KafkaConnections kafka;

  /**
   * @throws ApiException 404 when no view of the execution was read (yet)
   */
  public ExecutionUpdated find(String executionId) {
    kafka.requireCaughtUp(kafka.executions());
    return kafka
        .executions()
        .get(executionId)
        .orElseThrow(
            () -> ApiException.notFound("execution " + executionId + " is not known (yet)"));
  }

  /** Every execution's latest view, as one snapshot. */
  public Collection<ExecutionUpdated> all() {
    kafka.requireCaughtUp(kafka.executions());
    return kafka.executions().values();
  }

  /** The view as the API shows it, with the newest retry of it, if any. */
  public ExecutionResponse response(ExecutionUpdated view) {
    return ExecutionResponse.of(view, RetryLinks.retriedBy(all()).get(view.getExecutionId()));
  }
}
