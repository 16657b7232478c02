package io.drsorch.plans.executions;

import io.drsorch.avro.ExecutionStatus;
import io.drsorch.avro.ExecutionUpdated;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Which execution retried which. Only a retry's view says what it retries ({@code retryOf}): the
 * retried execution's view never changes once it ended, so its {@code retriedBy} is derived here,
 * from every view this service holds, rather than recorded anywhere.
 */
final class RetryLinks {

  /** Oldest first: by start, then by id so that the order is total. */
  static final Comparator<ExecutionUpdated> BY_START =
      Comparator.comparing(ExecutionUpdated::getStartedAt)
          .thenComparing(ExecutionUpdated::getExecutionId);

  private RetryLinks() {}

  /** For each retried execution, the id of its newest retry, whatever became of it. */
  static Map<String, String> retriedBy(Collection<ExecutionUpdated> views) {
    Map<String, ExecutionUpdated> newest = new HashMap<>();
    for (ExecutionUpdated view : views) {
      if (view.getRetryOf() != null) {
        newest.merge(view.getRetryOf(), view, RetryLinks::newer);
      }
    }
    Map<String, String> ids = new HashMap<>();
    newest.forEach((retried, retry) -> ids.put(retried, retry.getExecutionId()));
    return ids;
  }

  /**
   * The newest retry of {@code executionId} that the scheduler admitted (any status but REJECTED):
   * once there is one, the retried execution's view no longer says what was launched.
   */
  static Optional<ExecutionUpdated> admittedRetry(
      Collection<ExecutionUpdated> views, String executionId) {
    return views.stream()
        .filter(view -> executionId.equals(view.getRetryOf()))
        .filter(view -> view.getStatus() != ExecutionStatus.REJECTED)
        .max(BY_START);
  }

  private static ExecutionUpdated newer(ExecutionUpdated a, ExecutionUpdated b) {
    return BY_START.compare(a, b) >= 0 ? a : b;
  }
}
