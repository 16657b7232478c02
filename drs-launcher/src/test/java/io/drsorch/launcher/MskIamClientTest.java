package io.drsorch.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.drsorch.schemas.runtime.KafkaClientSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/**
 * AWS MSK IAM authentication by configuration alone: the four documented settings, as KAFKA_*
 * variables, give a client whose login module and callback handler load from the service's class
 * path (no cluster here: the client is built, not connected).
 */
class MskIamClientTest {

  @Test
  void givenMskIamSettings_whenAClientIsBuilt_thenItsLoginClassesAreThere() {
    Map<String, String> env =
        Map.of(
            "kafka.bootstrap.servers", "127.0.0.1:9",
            "kafka.security.protocol", "SASL_SSL",
            "kafka.sasl.mechanism", "AWS_MSK_IAM",
            "kafka.sasl.jaas.config", "software.amazon.msk.auth.iam.IAMLoginModule required;",
            "kafka.sasl.client.callback.handler.class",
                "software.amazon.msk.auth.iam.IAMClientCallbackHandler");
    KafkaClientSettings kafka =
        KafkaClientSettings.from(
            List.of(
                "kafka.bootstrap.servers",
                "KAFKA_SECURITY_PROTOCOL",
                "KAFKA_SASL_MECHANISM",
                "KAFKA_SASL_JAAS_CONFIG",
                "KAFKA_SASL_CLIENT_CALLBACK_HANDLER_CLASS"),
            name -> Optional.ofNullable(env.get(name)));

    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(
            kafka.over(Map.of("max.block.ms", "1000")),
            new ByteArraySerializer(),
            new ByteArraySerializer())) {
      assertThat(producer.metrics()).isNotEmpty();
      producer.close(Duration.ZERO);
    }
  }
}
