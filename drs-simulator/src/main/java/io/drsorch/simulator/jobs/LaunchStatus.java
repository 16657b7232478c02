package io.drsorch.simulator.jobs;

/** A participating server's status within one job. */
public enum LaunchStatus {
  PENDING,
  IN_PROGRESS,
  LAUNCHED,
  FAILED,
  TERMINATED
}
