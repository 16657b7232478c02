package io.drsorch.planmodel.records;

import io.drsorch.avro.ExecutionStatus;

/**
 * An execution that cannot be retried in the state it is in: it runs, completed, was cancelled or
 * never admitted. Nothing in the request is wrong, the execution's state is: plan-service answers
 * it 409.
 */
public class NotRetryableException extends RuntimeException {

  private final ExecutionStatus status;

  public NotRetryableException(String executionId, ExecutionStatus status) {
    super(
        "execution "
            + executionId
            + " is "
            + status
            + ": only a FAILED or TIMED_OUT execution can be retried");
    this.status = status;
  }

  /** The status the execution was in. */
  public ExecutionStatus status() {
    return status;
  }
}
