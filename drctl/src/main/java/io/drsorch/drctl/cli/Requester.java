package io.drsorch.drctl.cli;

import java.net.InetAddress;
import java.net.UnknownHostException;
import picocli.CommandLine.Option;

/**
 * {@code --requested-by}: who is asking, as the audit trail records it; {@code DRCTL_REQUESTED_BY}
 * when not given, else {@code user@host via drctl}.
 */
public final class Requester {

  @Option(
      names = "--requested-by",
      paramLabel = "WHO",
      description = "who asks, for the audit trail (env DRCTL_REQUESTED_BY; default user@host)")
  String given;

  /** Who asks. */
  public String name() {
    return of(given);
  }

  static String of(String given) {
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
