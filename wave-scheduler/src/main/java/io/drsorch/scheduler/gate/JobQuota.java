package io.drsorch.scheduler.gate;

/**
 * DRS's quotas per account and region as the gate enforces them, and how many jobs a command takes:
 * the launcher splits a wave into StartRecovery calls of at most {@code maxServersPerCall} servers,
 * and a drill cleanup into TerminateRecoveryInstances calls of at most {@link
 * #INSTANCES_PER_TERMINATE_CALL} instances, one job each.
 *
 * @param maxConcurrentJobs jobs that may be active at once in one account and region (DRS: 20, any
 *     job type)
 * @param maxServersPerCall servers per StartRecovery call; must match the launcher's setting
 * @param maxServersInActiveJobs servers that may be in active jobs at once in one account and
 *     region (DRS's quota L-05AFA8C6: 500 as read in Dec 2025, 200 in older documents)
 */
public record JobQuota(int maxConcurrentJobs, int maxServersPerCall, int maxServersInActiveJobs) {

  /** DRS's servers-in-active-jobs quota when none is configured. */
  public static final int DEFAULT_MAX_SERVERS_IN_ACTIVE_JOBS = 500;

  /**
   * Instances per TerminateRecoveryInstances call: DRS's most, which the launcher uses unless told
   * otherwise. A launcher told fewer starts more TERMINATE jobs than the gate counts.
   */
  public static final int INSTANCES_PER_TERMINATE_CALL = 200;

  public static final JobQuota DEFAULT = new JobQuota(20, 100, DEFAULT_MAX_SERVERS_IN_ACTIVE_JOBS);

  public JobQuota {
    if (maxConcurrentJobs < 1 || maxServersPerCall < 1 || maxServersInActiveJobs < 1) {
      throw new IllegalArgumentException(
          "quotas and servers per call must be at least 1, got "
              + maxConcurrentJobs
              + " jobs, "
              + maxServersPerCall
              + " servers per call and "
              + maxServersInActiveJobs
              + " servers in active jobs");
    }
  }

  /** With DRS's default quota of servers in active jobs. */
  public JobQuota(int maxConcurrentJobs, int maxServersPerCall) {
    this(maxConcurrentJobs, maxServersPerCall, DEFAULT_MAX_SERVERS_IN_ACTIVE_JOBS);
  }

  /** DRS jobs a launch of {@code servers} servers starts: one per call, at least one. */
  public int jobsNeeded(int servers) {
    return Math.max(1, (servers + maxServersPerCall - 1) / maxServersPerCall);
  }

  /**
   * TERMINATE jobs a termination of {@code instances} instances starts: one per call, at least one.
   */
  public int terminateJobsNeeded(int instances) {
    return Math.max(
        1, (instances + INSTANCES_PER_TERMINATE_CALL - 1) / INSTANCES_PER_TERMINATE_CALL);
  }
}
