package io.drsorch.scheduler.gate;

/** The key of the quota gate's topics and store: {@code accountId/region}. */
public final class GateKey {

  /** Stands for the account of the default credentials when a wave names none. */
  public static final String DEFAULT_ACCOUNT = "default";

  private GateKey() {}

  public static String of(String accountId, String region) {
    return (accountId == null || accountId.isBlank() ? DEFAULT_ACCOUNT : accountId) + "/" + region;
  }
}
