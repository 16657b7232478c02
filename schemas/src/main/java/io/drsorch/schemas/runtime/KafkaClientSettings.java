package io.drsorch.schemas.runtime;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * The settings every Kafka client of a service (and of drctl) starts from: every {@code kafka.}
 * setting, the prefix removed, passed to the client as it is. So a cluster that asks for TLS, SASL
 * (SCRAM, PLAIN, OAUTHBEARER) or AWS MSK IAM is reached by configuration alone, one way for all:
 * {@code kafka.security.protocol=SASL_SSL}, {@code kafka.sasl.mechanism}, {@code
 * kafka.sasl.jaas.config}, {@code kafka.sasl.client.callback.handler.class}, {@code
 * kafka.ssl.truststore.location}, ... or the same as environment variables ({@code
 * KAFKA_SECURITY_PROTOCOL}, ...).
 *
 * <p>{@link #toString()} shows secrets as {@code [hidden]}, so the settings can be logged.
 */
public final class KafkaClientSettings {

  /** Settings whose values are secrets: never logged. */
  private static final Pattern SECRET =
      Pattern.compile("(^|\\.)(password|jaas\\.config|secret|token|key)($|\\.)");

  private static final String PREFIX = "kafka.";
  private static final String ENV_PREFIX = "KAFKA_";

  /** Kafka Streams' own settings ({@code kafka-streams.*}), not a client's. */
  private static final String STREAMS_ENV_PREFIX = "KAFKA_STREAMS_";

  private final Map<String, String> properties;

  private KafkaClientSettings(Map<String, String> properties) {
    if (properties.getOrDefault("bootstrap.servers", "").isBlank()) {
      throw new IllegalArgumentException(
          "kafka.bootstrap.servers (KAFKA_BOOTSTRAP_SERVERS) is not set: where is the Kafka"
              + " cluster?");
    }
    this.properties = Map.copyOf(properties);
  }

  /** A cluster that needs nothing but its address (tests, the local stack). */
  public static KafkaClientSettings of(String bootstrapServers) {
    return new KafkaClientSettings(Map.of("bootstrap.servers", bootstrapServers));
  }

  /** Client settings as they are (without the prefix), e.g. a test broker's security settings. */
  public static KafkaClientSettings of(Map<String, String> clientProperties) {
    return new KafkaClientSettings(clientProperties);
  }

  /**
   * The {@code kafka.} settings among {@code names} (a configuration's property names, which may
   * include environment variables such as {@code KAFKA_SASL_MECHANISM}), each read through {@code
   * value}.
   */
  public static KafkaClientSettings from(
      Iterable<String> names, Function<String, Optional<String>> value) {
    Map<String, String> found = new TreeMap<>();
    for (String name : names) {
      String dotted = dotted(name);
      if (dotted == null || !isClientSetting(dotted)) {
        // A KAFKA_* variable that names no client setting is someone else's: KAFKA_HEAP_OPTS,
        // or the KAFKA_PORT, KAFKA_SERVICE_HOST, ... Kubernetes defines for a service "kafka".
        // The same holds for its dotted name, kafka.heap.opts, which the configuration also lists
        // for every such variable; Kafka Streams' own settings are KAFKA_STREAMS_* (the scheduler).
        continue;
      }
      value
          .apply(dotted)
          .filter(v -> !v.isBlank())
          .ifPresent(v -> found.put(dotted.substring(PREFIX.length()), v.trim()));
    }
    return new KafkaClientSettings(found);
  }

  /** Whether {@code kafka.<name>} is a setting of a Kafka producer, consumer or admin client. */
  private static boolean isClientSetting(String dotted) {
    String name = dotted.substring(PREFIX.length());
    return ProducerConfig.configNames().contains(name)
        || ConsumerConfig.configNames().contains(name)
        || AdminClientConfig.configNames().contains(name);
  }

  /** {@code kafka.x.y} as it is, {@code KAFKA_X_Y} as {@code kafka.x.y}; anything else null. */
  private static String dotted(String name) {
    if (name.startsWith(PREFIX) && name.length() > PREFIX.length()) {
      return name;
    }
    if (name.startsWith(ENV_PREFIX)
        && name.length() > ENV_PREFIX.length()
        && !name.startsWith(STREAMS_ENV_PREFIX)) {
      return name.toLowerCase(Locale.ROOT).replace('_', '.');
    }
    return null;
  }

  public String bootstrapServers() {
    return properties.get("bootstrap.servers");
  }

  /** One configured setting (without the prefix), if set. */
  public java.util.Optional<String> get(String name) {
    return java.util.Optional.ofNullable(properties.get(name));
  }

  /** The settings for a client: {@code defaults} first, then what was configured over them. */
  public Properties over(Map<String, ?> defaults) {
    Properties props = new Properties();
    props.putAll(defaults);
    props.putAll(properties);
    return props;
  }

  /**
   * The settings for a client whose own settings ({@code fixed}: how it reads, commits, encodes)
   * must hold whatever is configured: the configured ones, then {@code fixed} over them.
   */
  public Map<String, Object> client(Map<String, ?> fixed) {
    Map<String, Object> props = new java.util.HashMap<>(properties);
    props.putAll(fixed);
    return props;
  }

  /** The configured settings, for a client that needs nothing else. */
  public Map<String, Object> asMap() {
    return Map.copyOf(properties);
  }

  @Override
  public String toString() {
    Map<String, String> shown = new TreeMap<>();
    properties.forEach((k, v) -> shown.put(k, SECRET.matcher(k).find() ? "[hidden]" : v));
    return shown.toString();
  }
}
