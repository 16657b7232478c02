package io.drsorch.scheduler.admission;

import io.drsorch.avro.ExecutionRequested;
import io.drsorch.avro.ExecutionWave;
import io.drsorch.planmodel.validation.BoundedErrors;
import io.drsorch.planmodel.validation.ExecutionRequestValidator;
import io.drsorch.planmodel.validation.Formats;
import io.drsorch.planmodel.validation.ValidationError;
import io.drsorch.schemas.limits.PlanLimits;
import io.drsorch.schemas.limits.Problems;
import java.util.List;

/**
 * Checks an execution request before it is admitted. plan-service validates plans, but users and
 * scripts may produce requests straight to Kafka: a bad one must be rejected with its reasons,
 * never crash or stall the scheduler. The rules are plan-model's ({@link
 * ExecutionRequestValidator}): a request is refused for what plan-service refuses in a plan, within
 * the same {@link PlanLimits}, counted before the work they bound, and in the same words. Added
 * here: the record's key must be its planId, as the admission's one slot per plan relies on it.
 *
 * <p>Each error names the field path ({@code waves[1].dependsOn[0]: ...}); at most {@link
 * PlanLimits#MAX_ERRORS} are listed (the rest counted), each cut short, so that the reasons fit in
 * a REJECTED view.
 */
public final class RequestValidator {

  private RequestValidator() {}

  /**
   * The problems of a request keyed by {@code key}, each as {@code path: message}; empty when it
   * may run.
   */
  public static List<String> errors(String key, ExecutionRequested request) {
    BoundedErrors errors = new BoundedErrors();
    String planId = request.getPlanId();
    if (planId != null && !planId.isBlank() && !planId.equals(key)) {
      errors.add("planId", "the record key (" + Formats.shown(key) + ") must be the planId");
    }
    ExecutionRequestValidator.check(request, errors);
    Problems problems = new Problems();
    for (ValidationError error : errors.toList()) {
      if (error.path().isEmpty()) {
        problems.add(error.message());
      } else {
        problems.add(error.path(), error.message());
      }
    }
    return problems.toList();
  }

  /**
   * Whether the request is within the bounds of its size (waves and servers), whatever else is
   * wrong with it: only then is it small enough to be repeated in a REJECTED view.
   */
  public static boolean isWithinSizeLimits(ExecutionRequested request) {
    return request.getWaves().size() <= PlanLimits.MAX_WAVES
        && serverCount(request.getWaves()) <= PlanLimits.MAX_SERVERS;
  }

  /**
   * Whether the execution id can key the execution's records (its view, its history): a REJECTED
   * view needs one, so a request without a usable id can only be dead-lettered.
   */
  public static boolean hasUsableExecutionId(ExecutionRequested request) {
    String id = request.getExecutionId();
    return id != null && !id.isBlank() && id.length() <= PlanLimits.MAX_ID_LENGTH;
  }

  private static long serverCount(List<ExecutionWave> waves) {
    long servers = 0;
    for (ExecutionWave wave : waves) {
      servers += wave.getSourceServerIds().size();
    }
    return servers;
  }
}
