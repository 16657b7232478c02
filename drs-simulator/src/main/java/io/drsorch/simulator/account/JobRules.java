package io.drsorch.simulator.account;

/**
 * The timing and quotas that jobs are created under: what {@code PUT /_sim/config} sets. One
 * instance is shared by every simulated account, so a test configures the simulator once whatever
 * account its calls land in; each account still counts its own jobs against the quotas.
 */
public final class JobRules {

  private volatile Timing timing;
  private volatile Limits limits;

  public JobRules(Timing timing, Limits limits) {
    this.timing = timing;
    this.limits = limits;
  }

  public Timing timing() {
    return timing;
  }

  public void setTiming(Timing timing) {
    this.timing = timing;
  }

  public Limits limits() {
    return limits;
  }

  public void setLimits(Limits limits) {
    this.limits = limits;
  }
}
