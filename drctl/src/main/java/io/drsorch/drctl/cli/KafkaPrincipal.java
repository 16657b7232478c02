package io.drsorch.drctl.cli;

import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The principal a Kafka client logs in as, where its settings say: SASL PLAIN and SCRAM logins. */
final class KafkaPrincipal {

  private static final Pattern USERNAME = Pattern.compile("username\\s*=\\s*\"([^\"]+)\"");

  private KafkaPrincipal() {}

  /**
   * {@code User:<name>}, as the broker and its ACLs name it; empty when the settings do not say.
   */
  static Optional<String> of(Properties kafka) {
    String protocol = kafka.getProperty("security.protocol", "PLAINTEXT").toUpperCase(Locale.ROOT);
    if (!protocol.startsWith("SASL_")) {
      return Optional.empty();
    }
    String mechanism = kafka.getProperty("sasl.mechanism", "GSSAPI").toUpperCase(Locale.ROOT);
    if (!mechanism.equals("PLAIN") && !mechanism.startsWith("SCRAM-")) {
      return Optional.empty();
    }
    Matcher username = USERNAME.matcher(kafka.getProperty("sasl.jaas.config", ""));
    return username.find() ? Optional.of("User:" + username.group(1)) : Optional.empty();
  }
}
