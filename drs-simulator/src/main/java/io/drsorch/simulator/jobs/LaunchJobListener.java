package io.drsorch.simulator.jobs;

/**
 * Told about every LAUNCH job once it exists, outside the account lock, so that what it does (such
 * as planning the job's launch-result events) never holds up other API calls.
 */
@FunctionalInterface
public interface LaunchJobListener {

  LaunchJobListener NONE = (accountId, region, job) -> {};

  /** A LAUNCH job was created in that account and region. */
  void launchJobCreated(String accountId, String region, Job job);
}
