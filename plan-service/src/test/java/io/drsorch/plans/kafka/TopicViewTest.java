package io.drsorch.plans.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.drsorch.testsupport.EmbeddedKafka;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.management.ObjectName;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The reader alone, on a real broker: catch-up, tombstones, undecodable records, read-your-writes.
 */
class TopicViewTest {

  private static EmbeddedKafka kafka;

  /** Values are plain strings; "poison" stands for a record that cannot be decoded. */
  private static final Deserializer<String> STRINGS =
      (topic, bytes) -> {
        String value = new String(bytes, StandardCharsets.UTF_8);
        if (value.equals("poison")) {
          throw new SerializationException("cannot decode");
        }
        return value;
      };

  @BeforeAll
  static void startBroker() {
    kafka = EmbeddedKafka.start();
  }

  @AfterAll
  static void stopBroker() {
    kafka.close();
  }

  private static String createTopic(String name) throws Exception {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
      admin
          .createTopics(
              List.of(
                  new NewTopic(name, 3, (short) 1).configs(Map.of("cleanup.policy", "compact"))))
          .all()
          .get(30, TimeUnit.SECONDS);
    }
    return name;
  }

  private static KafkaProducer<String, String> producer() {
    return new KafkaProducer<>(
        Map.of("bootstrap.servers", kafka.bootstrapServers()),
        new StringSerializer(),
        new StringSerializer());
  }

  private static RecordMetadata send(
      KafkaProducer<String, String> producer, String topic, String key, String value)
      throws Exception {
    return producer.send(new ProducerRecord<>(topic, key, value)).get(30, TimeUnit.SECONDS);
  }

  @Test
  void givenExistingRecords_whenStarted_thenCaughtUpWithLatestValuesTombstonesAndPoisonSkipped()
      throws Exception {
    // given
    String topic = createTopic("view-catch-up");
    try (KafkaProducer<String, String> producer = producer()) {
      send(producer, topic, "a", "a1");
      send(producer, topic, "a", "a2");
      send(producer, topic, "b", "b1");
      send(producer, topic, "b", null);
      send(producer, topic, "c", "poison");
      send(producer, topic, "d", "d1");
    }

    // when
    try (TopicView<String> view =
        TopicView.latestWins(kafka.bootstrapServers(), topic, STRINGS).start()) {
      await().atMost(Duration.ofSeconds(30)).until(view::isCaughtUp);

      // then
      assertThat(view.get("a")).contains("a2");
      assertThat(view.get("b")).isEmpty();
      assertThat(view.get("c")).isEmpty();
      assertThat(view.values()).containsExactlyInAnyOrder("a2", "d1");
    }
  }

  @Test
  void givenEmptyTopic_whenStarted_thenCaughtUpAtOnce() throws Exception {
    // given
    String topic = createTopic("view-empty");

    // when
    try (TopicView<String> view =
        TopicView.latestWins(kafka.bootstrapServers(), topic, STRINGS).start()) {

      // then
      assertThat(view.isCaughtUp()).isTrue();
    }
  }

  @Test
  void givenRunningView_whenAWriteIsAwaited_thenVisibleRightAfter() throws Exception {
    // given
    String topic = createTopic("view-read-your-writes");
    try (TopicView<String> view =
            TopicView.latestWins(kafka.bootstrapServers(), topic, STRINGS).start();
        KafkaProducer<String, String> producer = producer()) {

      // when
      RecordMetadata written = send(producer, topic, "k", "v1");
      boolean applied =
          view.awaitApplied(written.partition(), written.offset(), Duration.ofSeconds(30));

      // then
      assertThat(applied).isTrue();
      assertThat(view.get("k")).contains("v1");
      assertThat(
              view.awaitApplied(written.partition(), written.offset() + 5, Duration.ofMillis(300)))
          .isFalse();
    }
  }

  @Test
  void givenMergeFunction_whenOlderValueArrivesLater_thenTheNewerIsKept() throws Exception {
    // given: values are "<sequence>:<text>", and the view keeps the higher sequence
    String topic = createTopic("view-merge");
    try (TopicView<String> view =
            new TopicView<>(
                    kafka.bootstrapServers(),
                    topic,
                    STRINGS,
                    (held, read) -> held == null || seq(read) >= seq(held) ? read : held,
                    UnreadableRecords.logAndSkip())
                .start();
        KafkaProducer<String, String> producer = producer()) {

      // when
      send(producer, topic, "e", "2:running");
      RecordMetadata last = send(producer, topic, "e", "1:stale");
      view.awaitApplied(last.partition(), last.offset(), Duration.ofSeconds(30));

      // then
      assertThat(view.get("e")).contains("2:running");
    }
  }

  @Test
  void givenATopicThatDoesNotExist_whenStarted_thenItFailsAndLeavesNoConsumerOpen()
      throws Exception {
    // given
    TopicView<String> view =
        TopicView.latestWins(kafka.bootstrapServers(), "no-such-topic", STRINGS);
    ObjectName consumer = new ObjectName("kafka.consumer:type=app-info,id=" + view.clientId());
    assertThat(ManagementFactory.getPlatformMBeanServer().isRegistered(consumer)).isTrue();

    // when / then
    assertThatThrownBy(view::start).hasMessageContaining("no-such-topic");
    assertThat(ManagementFactory.getPlatformMBeanServer().isRegistered(consumer)).isFalse();
  }

  /**
   * A write by another writer (another instance of the service) is in the view once it has read its
   * topic to the end, with no waiting by the caller.
   */
  @Test
  void givenAWriteByAnotherWriter_whenAwaitingTheTopicEnd_thenTheViewHoldsIt() throws Exception {
    // given
    String topic = createTopic("view-topic-end");
    try (TopicView<String> readers =
            TopicView.latestWins(kafka.bootstrapServers(), topic, STRINGS).start();
        KafkaProducer<String, String> producer = producer()) {
      await().atMost(Duration.ofSeconds(30)).until(readers::isCaughtUp);
      for (int round = 1; round <= 20; round++) {
        // when: written by another writer (another instance), then asked of this view at once
        send(producer, topic, "plan-" + round, "v" + round);
        boolean caughtUp = readers.awaitTopicEnd(Duration.ofSeconds(10));

        // then
        assertThat(caughtUp).isTrue();
        assertThat(readers.get("plan-" + round)).as("round %d", round).contains("v" + round);
      }
    }
  }

  @Test
  void givenAClosedView_whenAwaitingTheTopicEnd_thenFalse() throws Exception {
    // given
    String topic = createTopic("view-topic-end-closed");
    TopicView<String> view = TopicView.latestWins(kafka.bootstrapServers(), topic, STRINGS).start();
    view.close();

    // when / then
    assertThat(view.awaitTopicEnd(Duration.ofSeconds(1))).isFalse();
  }

  private static int seq(String value) {
    return Integer.parseInt(value.substring(0, value.indexOf(':')));
  }
}
