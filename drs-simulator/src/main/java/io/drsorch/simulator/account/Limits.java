package io.drsorch.simulator.account;

/**
 * DRS quotas the simulator enforces. Sources disagree on both (20 concurrent jobs per account and
 * region; 100 or 200 servers per launch), hence configurable.
 */
public record Limits(int maxConcurrentJobs, int maxServersPerCall) {

  public static final Limits DEFAULTS = new Limits(20, 200);

  public Limits {
    if (maxConcurrentJobs < 1) {
      throw new IllegalArgumentException(
          "maxConcurrentJobs must be >= 1, got " + maxConcurrentJobs);
    }
    if (maxServersPerCall < 1) {
      throw new IllegalArgumentException(
          "maxServersPerCall must be >= 1, got " + maxServersPerCall);
    }
  }
}
