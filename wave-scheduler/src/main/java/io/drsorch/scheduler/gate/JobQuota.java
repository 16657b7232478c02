package io.drsorch.scheduler.gate;

/**
 * DRS's concurrent-job quota per account and region, and how many jobs a wave takes: the launcher
 * splits a wave into StartRecovery calls of at most {@code maxServersPerCall} servers, one job
 * each.
 *
 * @param maxConcurrentJobs jobs that may be active at once in one account and region (DRS: 20)
 * @param maxServersPerCall servers per StartRecovery call; must match the launcher's setting
 */
public record JobQuota(int maxConcurrentJobs, int maxServersPerCall) {

  public static final JobQuota DEFAULT = new JobQuota(20, 100);

  public JobQuota {
    if (maxConcurrentJobs < 1 || maxServersPerCall < 1) {
      throw new IllegalArgumentException(
          "quota and servers per call must be at least 1, got "
              + maxConcurrentJobs
              + " and "
              + maxServersPerCall);
    }
  }

  /** DRS jobs a launch of {@code servers} servers starts: one per call, at least one. */
  public int jobsNeeded(int servers) {
    return Math.max(1, (servers + maxServersPerCall - 1) / maxServersPerCall);
  }
}
