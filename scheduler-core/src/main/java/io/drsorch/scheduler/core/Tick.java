package io.drsorch.scheduler.core;

import java.time.Instant;

/**
 * The scheduler's timer firing for one execution: launches retries that are due and times out waves
 * that ran too long. Its id is derived from the execution and the firing time, so it is a valid
 * causation id.
 */
public record Tick(String executionId, Instant at) {

  public static final String TYPE = "SchedulerTimer";

  public String id() {
    return Ids.of(TYPE, executionId, Long.toString(at.toEpochMilli()));
  }
}
