package io.drsorch.simulator.account;

import java.util.Optional;

/**
 * Which account an access key belongs to, for keys the simulator issued itself (STS AssumeRole); an
 * interface so that accounts need not know how keys are issued.
 */
@FunctionalInterface
public interface AccessKeyAccounts {

  AccessKeyAccounts NONE = accessKeyId -> Optional.empty();

  /** The account of an issued key; empty for any key the simulator did not issue. */
  Optional<String> accountOf(String accessKeyId);
}
