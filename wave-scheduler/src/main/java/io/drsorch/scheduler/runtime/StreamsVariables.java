package io.drsorch.scheduler.runtime;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Kafka Streams settings given as environment variables, {@code KAFKA_STREAMS_<SETTING>} ({@code
 * KAFKA_STREAMS_NUM_STANDBY_REPLICAS=1}: {@code num.standby.replicas}), as a container or a
 * Kubernetes manifest sets them. Quarkus passes on {@code kafka-streams.*} properties only when
 * they are named in the configuration, which such variables are not; a variable that names no
 * Streams setting is left alone.
 */
final class StreamsVariables {

  static final String PREFIX = "KAFKA_STREAMS_";

  private StreamsVariables() {}

  /** The Streams settings among {@code environment}'s variables, by their dotted names. */
  static Map<String, String> from(Map<String, String> environment) {
    Map<String, String> settings = new TreeMap<>();
    environment.forEach(
        (name, value) -> {
          if (!name.startsWith(PREFIX) || value == null || value.isBlank()) {
            return;
          }
          String setting =
              name.substring(PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.');
          if (StreamsConfig.configDef().names().contains(setting)) {
            settings.put(setting, value.trim());
          }
        });
    return settings;
  }
}
