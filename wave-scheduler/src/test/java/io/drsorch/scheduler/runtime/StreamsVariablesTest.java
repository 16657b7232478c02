package io.drsorch.scheduler.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** KAFKA_STREAMS_* variables reach Kafka Streams; other variables do not. */
class StreamsVariablesTest {

  @Test
  void givenStreamsVariables_thenTheirSettingsAndNothingElse() {
    Map<String, String> settings =
        StreamsVariables.from(
            Map.of(
                "KAFKA_STREAMS_NUM_STANDBY_REPLICAS", "1",
                "KAFKA_STREAMS_NUM_STREAM_THREADS", " 2 ",
                "KAFKA_STREAMS_NO_SUCH_SETTING", "x",
                "KAFKA_STREAMS_REPLICATION_FACTOR", "",
                "KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
                "PATH", "/usr/bin"));

    assertThat(settings)
        .containsOnly(Map.entry("num.standby.replicas", "1"), Map.entry("num.stream.threads", "2"));
  }
}
