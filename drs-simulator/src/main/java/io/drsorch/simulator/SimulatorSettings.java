package io.drsorch.simulator;

import io.drsorch.simulator.account.Limits;
import io.drsorch.simulator.account.Timing;

/**
 * How a simulator starts: where it listens, how long jobs take, the quotas it enforces and the
 * account id its ARNs carry.
 */
public record SimulatorSettings(
    String host, int port, Timing timing, Limits limits, String accountId) {

  public static final String DEFAULT_ACCOUNT_ID = "123456789012";

  /** Listening on {@code host:port} (0 for a free port), with DRS's defaults and 2 s + 3 s jobs. */
  public static SimulatorSettings of(String host, int port) {
    return new SimulatorSettings(
        host, port, Timing.ofSeconds(2, 3, 0), Limits.DEFAULTS, DEFAULT_ACCOUNT_ID);
  }
}
