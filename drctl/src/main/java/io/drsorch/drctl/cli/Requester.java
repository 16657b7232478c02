package io.drsorch.drctl.cli;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Who is asking, as the audit trail records it: {@code user@host via drctl} unless told. */
public final class Requester {

  private Requester() {}

  /** {@code given} when set, else {@code DRCTL_REQUESTED_BY}, else the user and host. */
  public static String of(String given) {
    if (given != null && !given.isBlank()) {
      return given.strip();
    }
    String env = System.getenv("DRCTL_REQUESTED_BY");
    if (env != null && !env.isBlank()) {
      return env.strip();
    }
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      host = "unknown-host";
    }
    return System.getProperty("user.name", "unknown") + "@" + host + " via drctl";
  }
}
