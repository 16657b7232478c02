package io.drsorch.simulator.servers;

/** An admin change named a source server that the account does not have in that region. */
public final class UnknownSourceServerException extends RuntimeException {

  public UnknownSourceServerException(String accountId, String region, String sourceServerId) {
    super(
        "no source server "
            + sourceServerId
            + " in region "
            + region
            + " of account "
            + accountId
            + " (add it with POST /_sim/source-servers)");
  }
}
