package io.drsorch.drctl.cli;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.Properties;
import picocli.CommandLine.Option;

/**
 * Who asks, as the audit trail records a request written straight to Kafka ({@code drctl request}):
 * the Kafka principal drctl logs in as ({@code User:<name>} of a SASL PLAIN or SCRAM login), which
 * the broker's ACLs hold to what it may write. Only where Kafka does not tell who logs in
 * (PLAINTEXT, TLS, other SASL mechanisms) does {@code --requested-by} say it, else {@code
 * DRCTL_REQUESTED_BY}, else {@code user@host via drctl}: whoever may write the topic may then claim
 * any name, so such a cluster must let only trusted writers reach drs.execution-requests.
 */
public final class Requester {

  @Option(
      names = "--requested-by",
      paramLabel = "WHO",
      description =
          "who asks, for the audit trail, where Kafka does not authenticate drctl (env"
              + " DRCTL_REQUESTED_BY; default user@host)")
  String given;

  /** Who asks through Kafka with these client settings. */
  public String forKafka(Properties kafka) {
    Optional<String> principal = KafkaPrincipal.of(kafka);
    if (principal.isEmpty()) {
      return of(given);
    }
    if (given != null && !given.isBlank() && !given.strip().equals(principal.get())) {
      throw new CliException(
          "--requested-by cannot be used when Kafka authenticates you: the request is recorded as"
              + " your Kafka login, "
              + principal.get());
    }
    return principal.get();
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
