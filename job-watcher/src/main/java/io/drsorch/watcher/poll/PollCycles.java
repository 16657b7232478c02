package io.drsorch.watcher.poll;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;

/**
 * What each poll of one account and region cost: {@code drsorch_watcher_poll_jobs} (jobs read) and
 * {@code drsorch_watcher_poll_calls} (DescribeJobs calls made for them). Their ratio shows that the
 * calls grow with the jobs watched divided by the page size, never with servers or history: a poll
 * of n jobs makes ceil(n / batch size) calls.
 */
public final class PollCycles {

  private final DistributionSummary jobs;
  private final DistributionSummary calls;

  public PollCycles() {
    this(Metrics.globalRegistry);
  }

  PollCycles(MeterRegistry registry) {
    this.jobs =
        DistributionSummary.builder("drsorch.watcher.poll.jobs")
            .description("DRS jobs read by one poll of one account and region")
            .register(registry);
    this.calls =
        DistributionSummary.builder("drsorch.watcher.poll.calls")
            .description("DescribeJobs calls made by one poll of one account and region")
            .register(registry);
  }

  /** One poll read {@code jobs} jobs with {@code calls} DescribeJobs calls. */
  public void polled(int jobs, long calls) {
    this.jobs.record(jobs);
    this.calls.record(calls);
  }
}
