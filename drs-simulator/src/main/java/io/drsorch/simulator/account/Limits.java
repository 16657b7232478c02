package io.drsorch.simulator.account;

/**
 * DRS quotas the simulator enforces, per account and region. Sources disagree on them (20
 * concurrent jobs of any type; 100 or 200 servers per launch; 200 or 500 source servers across all
 * active jobs, see DRS-FACTS), hence configurable.
 */
public record Limits(int maxConcurrentJobs, int maxServersPerCall, int maxServersInActiveJobs) {

  /** 500 source servers in active jobs: the Service Quotas reading of December 2025. */
  public static final int DEFAULT_MAX_SERVERS_IN_ACTIVE_JOBS = 500;

  public static final Limits DEFAULTS = new Limits(20, 200, DEFAULT_MAX_SERVERS_IN_ACTIVE_JOBS);

  public Limits {
    requireAtLeastOne("maxConcurrentJobs", maxConcurrentJobs);
    requireAtLeastOne("maxServersPerCall", maxServersPerCall);
    requireAtLeastOne("maxServersInActiveJobs", maxServersInActiveJobs);
  }

  /** With the default quota of source servers in active jobs. */
  public Limits(int maxConcurrentJobs, int maxServersPerCall) {
    this(maxConcurrentJobs, maxServersPerCall, DEFAULT_MAX_SERVERS_IN_ACTIVE_JOBS);
  }

  private static void requireAtLeastOne(String name, int value) {
    if (value < 1) {
      throw new IllegalArgumentException(name + " must be >= 1, got " + value);
    }
  }
}
