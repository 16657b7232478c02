package io.drsorch.simulator.jobs;

/** The two kinds of job the simulator runs. */
public enum JobType {
  LAUNCH,
  TERMINATE
}
