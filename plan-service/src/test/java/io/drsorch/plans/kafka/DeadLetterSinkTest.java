package io.drsorch.plans.kafka;

import static io.drsorch.plans.kafka.DeadLetterReader.header;
import static io.drsorch.plans.kafka.DeadLetterReader.lettersOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.drsorch.schemas.runtime.DeadLetters;
import io.drsorch.schemas.topics.Topics;
import io.drsorch.testsupport.EmbeddedKafka;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Views and the dead-letter sink on a real broker: an unreadable record is dead-lettered once,
 * however many times and by however many instances it is read; one that may be readable later is
 * read again instead.
 */
class DeadLetterSinkTest {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static EmbeddedKafka kafka;

  /** Values are plain strings; "poison..." stands for a record that cannot be decoded. */
  private static final Deserializer<String> STRINGS =
      (topic, bytes) -> {
        String value = new String(bytes, StandardCharsets.UTF_8);
        if (value.startsWith("poison")) {
          throw new SerializationException("cannot decode '" + value + "'");
        }
        return value;
      };

  @BeforeAll
  static void startBroker() throws Exception {
    kafka = EmbeddedKafka.start();
    // Letters of 100 kB at most, so that a large record's letter is refused.
    createTopic(
        Topics.DEAD_LETTERS, Map.of("cleanup.policy", "delete", "max.message.bytes", "100000"));
  }

  @AfterAll
  static void stopBroker() {
    kafka.close();
  }

  private static String createTopic(String name, String cleanupPolicy) throws Exception {
    return createTopic(name, Map.of("cleanup.policy", cleanupPolicy));
  }

  private static String createTopic(String name, Map<String, String> configs) throws Exception {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
      admin
          .createTopics(List.of(new NewTopic(name, 3, (short) 1).configs(configs)))
          .all()
          .get(30, TimeUnit.SECONDS);
    }
    return name;
  }

  private static RecordMetadata send(String topic, String key, String value) throws Exception {
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(
            Map.of("bootstrap.servers", kafka.bootstrapServers()),
            new StringSerializer(),
            new StringSerializer())) {
      return producer.send(new ProducerRecord<>(topic, key, value)).get(30, TimeUnit.SECONDS);
    }
  }

  /** One instance's view of {@code topic}: dead-letters what it cannot read, with id {@code id}. */
  private record Instance(TopicView<String> view, DeadLetterSink sink) implements AutoCloseable {

    static Instance start(String topic, String id) {
      DeadLetterSink sink =
          new DeadLetterSink(kafka.bootstrapServers(), "plan-service", id).start();
      TopicView<String> view =
          TopicView.latestWins(
                  kafka.bootstrapServers(),
                  topic,
                  STRINGS,
                  (record, reason) -> {
                    sink.send(record, reason);
                    return UnreadableRecords.Action.SKIP;
                  })
              .start();
      await().atMost(WAIT).until(view::isCaughtUp);
      return new Instance(view, sink);
    }

    void awaitApplied(RecordMetadata record) {
      assertThat(view.awaitApplied(record.partition(), record.offset(), WAIT)).isTrue();
    }

    @Override
    public void close() {
      view.close();
      sink.close();
    }
  }

  @Test
  void givenAPoisonRecord_whenReadAndReadAgainAfterARestart_thenDeadLetteredOnceWithItsReason()
      throws Exception {
    // given
    String topic = createTopic("dlq-once", "compact");
    String id = "dlq-once-" + UUID.randomUUID();
    send(topic, "good", "g1");
    RecordMetadata poison = send(topic, "bad", "poison");

    // when: read, then read again from the beginning by a restarted instance, twice
    for (int start = 0; start < 3; start++) {
      try (Instance instance = Instance.start(topic, id)) {
        instance.awaitApplied(poison);
        assertThat(instance.view().get("good")).contains("g1");
        assertThat(instance.view().get("bad")).isEmpty();
      }
    }

    // then
    List<ConsumerRecord<byte[], byte[]>> letters =
        lettersOf(kafka.bootstrapServers(), topic, "bad");
    assertThat(letters).hasSize(1);
    ConsumerRecord<byte[], byte[]> letter = letters.get(0);
    assertThat(new String(letter.value(), StandardCharsets.UTF_8)).isEqualTo("poison");
    assertThat(header(letter, "dlq.reason")).isEqualTo("cannot decode 'poison'");
    assertThat(header(letter, "dlq.exception")).isEqualTo(SerializationException.class.getName());
    assertThat(header(letter, "dlq.service")).isEqualTo("plan-service");
    assertThat(header(letter, "dlq.partition")).isEqualTo(Integer.toString(poison.partition()));
    assertThat(header(letter, "dlq.offset")).isEqualTo(Long.toString(poison.offset()));
    assertThat(header(letter, "dlq.time")).isNotBlank();
  }

  @Test
  void givenTwoInstancesRunning_whenAPoisonRecordArrives_thenOneLetterBetweenThem()
      throws Exception {
    // given
    String topic = createTopic("dlq-two-instances", "compact");
    String id = "dlq-two-" + UUID.randomUUID();
    try (Instance first = Instance.start(topic, id);
        Instance second = Instance.start(topic, id)) {

      // when
      RecordMetadata firstPoison = send(topic, "bad-1", "poison");
      RecordMetadata secondPoison = send(topic, "bad-2", "poison");
      RecordMetadata after = send(topic, "good", "g1");
      for (RecordMetadata record : List.of(firstPoison, secondPoison, after)) {
        first.awaitApplied(record);
        second.awaitApplied(record);
      }
      assertThat(first.view().get("good")).contains("g1");
      assertThat(second.view().get("good")).contains("g1");
    }

    // then: both stopped, so every letter either would send has gone out
    assertThat(lettersOf(kafka.bootstrapServers(), topic, "bad-1")).hasSize(1);
    assertThat(lettersOf(kafka.bootstrapServers(), topic, "bad-2")).hasSize(1);
  }

  @Test
  void givenAnInstanceFencedByOneThatIsGone_whenAPoisonRecordArrives_thenItStillSendsIt()
      throws Exception {
    // given: a running instance, fenced by a second one that dead-letters and stops
    String topic = createTopic("dlq-fenced", "compact");
    String id = "dlq-fenced-" + UUID.randomUUID();
    RecordMetadata old = send(topic, "old", "poison");
    try (Instance running = Instance.start(topic, id)) {
      running.awaitApplied(old);
      try (Instance passing = Instance.start(topic, id)) {
        passing.awaitApplied(old);
      }

      // when
      RecordMetadata fresh = send(topic, "fresh", "poison");
      running.awaitApplied(fresh);
    }

    // then
    assertThat(lettersOf(kafka.bootstrapServers(), topic, "old")).hasSize(1);
    assertThat(lettersOf(kafka.bootstrapServers(), topic, "fresh")).hasSize(1);
  }

  @Test
  void givenARecordWithoutAKey_whenRead_thenDeadLetteredAsSuch() throws Exception {
    // given: only a topic that is not compacted takes a record without a key
    String topic = createTopic("dlq-keyless", "delete");
    String id = "dlq-keyless-" + UUID.randomUUID();
    RecordMetadata keyless = send(topic, null, "v1");

    // when
    try (Instance instance = Instance.start(topic, id)) {
      instance.awaitApplied(keyless);
      assertThat(instance.view().values()).isEmpty();
    }

    // then: no key to look the letter up by, so by its origin
    List<ConsumerRecord<byte[], byte[]>> letters =
        DeadLetterReader.lettersOfOffset(
            kafka.bootstrapServers(), topic, keyless.partition(), keyless.offset());
    assertThat(letters).hasSize(1);
    assertThat(header(letters.get(0), "dlq.exception"))
        .isEqualTo(MissingKeyException.class.getName());
  }

  @Test
  void givenARecordWhoseLetterKafkaRefuses_whenRead_thenSentWithoutItsValueAndThePartitionGoesOn()
      throws Exception {
    // given: a record of 200 kB, more than the dead-letter topic takes, then a small one after it
    String topic = createTopic("dlq-too-large", "compact");
    String id = "dlq-too-large-" + UUID.randomUUID();
    RecordMetadata large = send(topic, "big", "poison" + "x".repeat(200_000));
    RecordMetadata small = send(topic, "big", "poison");

    // when
    try (Instance instance = Instance.start(topic, id)) {
      instance.awaitApplied(small);
    }

    // then: both dead-lettered, the large one without its value and saying so
    List<ConsumerRecord<byte[], byte[]>> letters =
        lettersOf(kafka.bootstrapServers(), topic, "big");
    assertThat(letters).hasSize(2);
    ConsumerRecord<byte[], byte[]> bare =
        letters.stream()
            .filter(l -> header(l, "dlq.offset").equals(Long.toString(large.offset())))
            .findFirst()
            .orElseThrow();
    assertThat(bare.value()).isNull();
    assertThat(header(bare, DeadLetters.LEFT_OUT))
        .startsWith("value: Kafka refused the letter with it");
    assertThat(header(bare, "dlq.reason"))
        .startsWith("cannot decode 'poisonxxx")
        .endsWith(" characters in all)")
        .hasSizeLessThanOrEqualTo(DeadLetters.MAX_REASON_LENGTH);
    ConsumerRecord<byte[], byte[]> whole =
        letters.stream()
            .filter(l -> header(l, "dlq.offset").equals(Long.toString(small.offset())))
            .findFirst()
            .orElseThrow();
    assertThat(new String(whole.value(), StandardCharsets.UTF_8)).isEqualTo("poison");
    assertThat(header(whole, DeadLetters.LEFT_OUT)).isNull();
  }

  @Test
  void givenMarks_whenASinkStartsAndItsRefreshIntervalPasses_thenTheyAreCommittedAgain()
      throws Exception {
    // given: a mark, past a dead-lettered record
    String topic = createTopic("dlq-refresh", "compact");
    String id = "dlq-refresh-" + UUID.randomUUID();
    RecordMetadata poison = send(topic, "bad", "poison");
    try (Instance instance = Instance.start(topic, id)) {
      instance.awaitApplied(poison);
    }
    TopicPartition partition = new TopicPartition(topic, poison.partition());
    OffsetAndMetadata first = mark(id, partition);
    assertThat(first.offset()).isEqualTo(poison.offset() + 1);

    // when: the next start, then one refresh interval
    try (DeadLetterSink sink =
        new DeadLetterSink(kafka.bootstrapServers(), "plan-service", id, Duration.ofSeconds(1))
            .start()) {

      // then: committed again at start, and again after the interval, never moved
      OffsetAndMetadata atStart = mark(id, partition);
      assertThat(atStart.offset()).isEqualTo(first.offset());
      assertThat(atStart.metadata()).isNotEqualTo(first.metadata());
      OffsetAndMetadata later =
          await()
              .atMost(WAIT)
              .until(() -> mark(id, partition), m -> !m.metadata().equals(atStart.metadata()));
      assertThat(later.offset()).isEqualTo(first.offset());
    }
  }

  /** The group's committed mark for {@code partition}, as Kafka holds it. */
  private static OffsetAndMetadata mark(String group, TopicPartition partition) throws Exception {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
      return admin
          .listConsumerGroupOffsets(group)
          .partitionsToOffsetAndMetadata()
          .get(30, TimeUnit.SECONDS)
          .get(partition);
    }
  }

  @Test
  void givenARecordUnreadableForAMoment_whenRetried_thenAppliedInOrderAndNeverSkipped()
      throws Exception {
    // given: decoding fails (the registry is away) until it is back
    String topic = createTopic("dlq-retry", "compact");
    AtomicBoolean registryBack = new AtomicBoolean(false);
    Deserializer<String> flaky =
        (t, bytes) -> {
          if (!registryBack.get()) {
            throw new SerializationException("cannot reach schema registry");
          }
          return new String(bytes, StandardCharsets.UTF_8);
        };
    send(topic, "k", "v1");
    RecordMetadata last = send(topic, "k", "v2");

    try (TopicView<String> view =
        TopicView.latestWins(
                kafka.bootstrapServers(),
                topic,
                flaky,
                (record, reason) ->
                    registryBack.get()
                        ? UnreadableRecords.Action.SKIP
                        : UnreadableRecords.Action.RETRY)
            .start()) {

      // when the registry stays away for a while
      Thread.sleep(1_500);

      // then nothing was skipped: the view waits rather than answer without the record
      assertThat(view.isCaughtUp()).isFalse();
      assertThat(view.get("k")).isEmpty();

      // when it is back
      registryBack.set(true);

      // then
      assertThat(view.awaitApplied(last.partition(), last.offset(), WAIT)).isTrue();
      assertThat(view.isCaughtUp()).isTrue();
      assertThat(view.get("k")).contains("v2");
    }
  }
}
