package io.drsorch.drctl.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Properties;
import org.junit.jupiter.api.Test;

/** drctl request records the Kafka login it writes as, where the settings name one. */
class KafkaPrincipalTest {

  private static final String SCRAM =
      "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"drctl\""
          + " password=\"s3cret\";";

  private static Properties sasl(String mechanism, String jaas) {
    Properties props = new Properties();
    props.put("security.protocol", "SASL_SSL");
    props.put("sasl.mechanism", mechanism);
    props.put("sasl.jaas.config", jaas);
    return props;
  }

  @Test
  void givenAScramOrPlainLogin_thenThePrincipalIsItsUser() {
    assertThat(KafkaPrincipal.of(sasl("SCRAM-SHA-512", SCRAM))).contains("User:drctl");
    assertThat(
            KafkaPrincipal.of(
                sasl(
                    "PLAIN",
                    "org.apache.kafka.common.security.plain.PlainLoginModule required"
                        + " username = \"ops\" password=\"x\";")))
        .contains("User:ops");
  }

  @Test
  void givenNoLoginThatNamesAUser_thenNoPrincipal() {
    assertThat(KafkaPrincipal.of(new Properties())).isEmpty();
    Properties tls = new Properties();
    tls.put("security.protocol", "SSL");
    assertThat(KafkaPrincipal.of(tls)).isEmpty();
    assertThat(
            KafkaPrincipal.of(
                sasl("AWS_MSK_IAM", "software.amazon.msk.auth.iam.IAMLoginModule required;")))
        .isEmpty();
  }

  @Test
  void givenAKafkaLogin_whenAnotherNameIsGiven_thenRefusedAndTheLoginIsWhoAsks() {
    Requester requester = new Requester();
    assertThat(requester.forKafka(sasl("SCRAM-SHA-512", SCRAM))).isEqualTo("User:drctl");
    requester.given = "User:drctl";
    assertThat(requester.forKafka(sasl("SCRAM-SHA-512", SCRAM))).isEqualTo("User:drctl");
    requester.given = "ceo";
    assertThatThrownBy(() -> requester.forKafka(sasl("SCRAM-SHA-512", SCRAM)))
        .isInstanceOf(CliException.class)
        .hasMessageContaining("User:drctl");
    assertThat(requester.forKafka(new Properties())).isEqualTo("ceo");
  }
}
