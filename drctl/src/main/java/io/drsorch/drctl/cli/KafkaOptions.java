package io.drsorch.drctl.cli;

import io.drsorch.schemas.registry.SchemaRegistryClient;
import io.drsorch.schemas.runtime.KafkaClientSettings;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import picocli.CommandLine.Option;

/** Where Kafka and the schema registry are, for the commands that talk to Kafka directly. */
public final class KafkaOptions {

  @Option(
      names = "--bootstrap-server",
      description =
          "Kafka bootstrap servers (env KAFKA_BOOTSTRAP_SERVERS; default ${DEFAULT-VALUE})",
      defaultValue = "${env:KAFKA_BOOTSTRAP_SERVERS:-127.0.0.1:9092}")
  String bootstrapServers;

  @Option(
      names = "--kafka-config",
      paramLabel = "FILE",
      description =
          "Kafka client settings (a properties file, as for Kafka's own tools: security.protocol,"
              + " sasl.mechanism, sasl.jaas.config, ssl.truststore.location, ...); KAFKA_*"
              + " variables (KAFKA_SECURITY_PROTOCOL, ...) are read too, this file wins")
  java.nio.file.Path kafkaConfig;

  @Option(
      names = "--schema-registry",
      description =
          "Confluent-compatible schema registry URL (env SCHEMA_REGISTRY_URL; default"
              + " ${DEFAULT-VALUE})",
      defaultValue = "${env:SCHEMA_REGISTRY_URL:-http://127.0.0.1:8081/apis/ccompat/v7}")
  String schemaRegistry;

  public String bootstrapServers() {
    return bootstrapServers;
  }

  public SchemaRegistryClient registry() {
    return new SchemaRegistryClient(schemaRegistry);
  }

  /**
   * Client settings every drctl Kafka client shares: fail fast when nothing answers; the cluster's
   * security settings from KAFKA_* variables and then {@code --kafka-config}, as the services take
   * them; the bootstrap servers of {@code --bootstrap-server}.
   */
  public Properties common() {
    Properties props = new Properties();
    props.put("client.id", "drctl");
    props.put("request.timeout.ms", "15000");
    props.put("default.api.timeout.ms", "20000");
    props.put("metadata.max.age.ms", "5000");
    Map<String, String> env = System.getenv();
    java.util.Set<String> names = new java.util.TreeSet<>(env.keySet());
    names.add("kafka.bootstrap.servers");
    props.putAll(
        KafkaClientSettings.from(
                names,
                name ->
                    name.equals("kafka.bootstrap.servers")
                        ? Optional.of(bootstrapServers)
                        : Optional.ofNullable(
                            env.get(name.toUpperCase(Locale.ROOT).replace('.', '_'))))
            .asMap());
    if (kafkaConfig != null) {
      try (Reader in = Files.newBufferedReader(kafkaConfig)) {
        Properties file = new Properties();
        file.load(in);
        props.putAll(file);
      } catch (IOException e) {
        throw new CliException("cannot read --kafka-config " + kafkaConfig + ": " + e.getMessage());
      }
    }
    props.put("bootstrap.servers", bootstrapServers);
    return props;
  }
}
