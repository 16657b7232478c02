package io.drsorch.simulator.jobs;

/** DRS job statuses. There is deliberately no FAILED: success is per server. */
public enum JobStatus {
  PENDING,
  STARTED,
  COMPLETED
}
