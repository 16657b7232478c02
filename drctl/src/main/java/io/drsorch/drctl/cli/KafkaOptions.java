package io.drsorch.drctl.cli;

import io.drsorch.schemas.registry.SchemaRegistryClient;
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

  /** Client settings every drctl Kafka client shares: fail fast when nothing answers. */
  public Properties common() {
    Properties props = new Properties();
    props.put("bootstrap.servers", bootstrapServers);
    props.put("client.id", "drctl");
    props.put("request.timeout.ms", "15000");
    props.put("default.api.timeout.ms", "20000");
    props.put("metadata.max.age.ms", "5000");
    return props;
  }
}
