package io.drsorch.schemas.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class KafkaClientSettingsTest {

  @Test
  void givenKafkaSettingsAndVariables_thenEachIsPassedWithoutItsPrefix_andNothingElse() {
    // given: what a configuration holds (an environment variable's value is read by its dotted
    // name)
    Map<String, String> config =
        Map.of(
            "kafka.bootstrap.servers", "b-1.msk:9098",
            "kafka.security.protocol", "SASL_SSL",
            "kafka.sasl.mechanism", "AWS_MSK_IAM",
            "kafka.sasl.jaas.config", "software.amazon.msk.auth.iam.IAMLoginModule required;",
            "launcher.group-id", "drs-launcher",
            "kafka.heap.opts", "-Xmx1g",
            "kafka.port", "tcp://10.0.0.7:9092",
            "kafka.service.host", "10.0.0.7");
    List<String> names =
        List.of(
            "kafka.bootstrap.servers",
            "KAFKA_SECURITY_PROTOCOL",
            "kafka.sasl.mechanism",
            "KAFKA_SASL_JAAS_CONFIG",
            "launcher.group-id",
            "PATH",
            // someone else's: the JVM options of Kafka's scripts, Kubernetes' service variables
            "KAFKA_HEAP_OPTS",
            "KAFKA_PORT",
            "KAFKA_SERVICE_HOST",
            // and the dotted names the configuration also lists for those variables
            "kafka.heap.opts",
            "kafka.port",
            "kafka.service.host");

    // when
    KafkaClientSettings settings =
        KafkaClientSettings.from(names, name -> Optional.ofNullable(config.get(name)));

    // then
    assertThat(settings.asMap())
        .containsOnly(
            Map.entry("bootstrap.servers", "b-1.msk:9098"),
            Map.entry("security.protocol", "SASL_SSL"),
            Map.entry("sasl.mechanism", "AWS_MSK_IAM"),
            Map.entry("sasl.jaas.config", "software.amazon.msk.auth.iam.IAMLoginModule required;"));
  }

  @Test
  void givenDefaults_whenConfiguredOverThem_thenTheConfiguredValueWins() {
    KafkaClientSettings settings =
        KafkaClientSettings.of(
            Map.of("bootstrap.servers", "k:9092", "session.timeout.ms", "45000"));

    assertThat(settings.over(Map.of("session.timeout.ms", "10000", "fetch.max.wait.ms", "50")))
        .containsEntry("session.timeout.ms", "45000")
        .containsEntry("fetch.max.wait.ms", "50")
        .containsEntry("bootstrap.servers", "k:9092");
  }

  @Test
  void givenSecrets_whenShown_thenHidden() {
    KafkaClientSettings settings =
        KafkaClientSettings.of(
            Map.of(
                "bootstrap.servers", "k:9093",
                "sasl.jaas.config", "ScramLoginModule required username=\"a\" password=\"s3cret\";",
                "ssl.truststore.password", "changeit",
                "ssl.truststore.location", "/etc/kafka/truststore.jks"));

    assertThat(settings.toString())
        .doesNotContain("s3cret")
        .doesNotContain("changeit")
        .contains("/etc/kafka/truststore.jks")
        .contains("[hidden]");
  }

  @Test
  void givenNoBootstrapServers_thenRefusedNamingTheSetting() {
    assertThatThrownBy(() -> KafkaClientSettings.from(List.of(), name -> Optional.empty()))
        .hasMessageContaining("KAFKA_BOOTSTRAP_SERVERS");
  }
}
