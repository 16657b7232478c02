package io.drsorch.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drsorch.schemas.runtime.DeadLetters;
import io.drsorch.schemas.runtime.EndTransaction;
import io.drsorch.schemas.runtime.EndTransaction.UnknownTransactionStateException;
import io.drsorch.schemas.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InvalidTimestampException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/** How the launcher's transactions end when Kafka times out, fails an abort, or skews clocks. */
class TransactionsTest {

  private static final String COMMANDS = Topics.WAVE_COMMANDS.name();
  private static final TopicPartition PARTITION = new TopicPartition(COMMANDS, 0);

  private final FlakyProducer producer = new FlakyProducer();
  private final Transactions transactions =
      new Transactions(
          producer,
          () -> new ConsumerGroupMetadata("drs-launcher"),
          new DeadLetters(producer, "drs-launcher"),
          "max.poll.records=20");

  @Test
  void givenACommitThatTimesOutOnce_whenCommitted_thenTheCommitIsRetriedNotAborted() {
    // given
    producer.commitTimeouts = 1;
    // when
    Map<TopicPartition, Long> rereadFrom = transactions.commit(List.of(launched(7)));
    // then
    assertThat(rereadFrom).isEmpty();
    assertThat(producer.commits).isEqualTo(2);
    assertThat(producer.aborts).isZero();
    assertThat(producer.transactionCommitted()).isTrue();
    assertThat(producer.history())
        .extracting(ProducerRecord::topic)
        .containsExactly(Topics.WAVE_EVENTS.name());
    assertThat(producer.consumerGroupOffsetsHistory())
        .singleElement()
        .satisfies(
            offsets ->
                assertThat(offsets.get("drs-launcher").get(PARTITION).offset()).isEqualTo(8));
  }

  @Test
  void givenACommitThatKeepsTimingOut_whenCommitted_thenTheStateIsUnknownWithoutAnAbort() {
    // given
    producer.commitTimeouts = EndTransaction.COMMIT_TRIES;
    // when, then
    assertThatThrownBy(() -> transactions.commit(List.of(launched(7))))
        .isInstanceOf(UnknownTransactionStateException.class)
        .hasCauseInstanceOf(TimeoutException.class);
    assertThat(producer.commits).isEqualTo(EndTransaction.COMMIT_TRIES);
    // The client refuses an abort after a timed-out commit: it must not have been asked.
    assertThat(producer.aborts).isZero();
  }

  @Test
  void givenAnAbortThatFails_whenATransactionFails_thenTheStateIsUnknown() {
    // given
    producer.commitFailure = new KafkaException("coordinator moved");
    producer.commitFailures = 1;
    producer.abortFailure = new KafkaException("abort failed");
    // when, then
    assertThatThrownBy(() -> transactions.commit(List.of(launched(7))))
        .isInstanceOf(UnknownTransactionStateException.class)
        .hasCauseReference(producer.abortFailure)
        .hasSuppressedException(producer.commitFailure);
  }

  @Test
  void givenTheBrokerRefusingATimestamp_whenCommitted_thenReadAgainNotDeadLettered() {
    // given
    producer.commitFailure =
        new KafkaException(
            "cannot commit", new InvalidTimestampException("timestamp out of range"));
    // as often as a refused output would be tried before its command is dead-lettered
    producer.commitFailures = 1 + Transactions.OUTPUT_TRIES;
    // when
    Map<TopicPartition, Long> rereadFrom = transactions.commit(List.of(launched(7), launched(8)));
    // then
    assertThat(rereadFrom).containsExactly(Map.entry(PARTITION, 7L));
    assertThat(producer.transactionAborted()).isTrue();
    assertThat(producer.history())
        .extracting(ProducerRecord::topic)
        .doesNotContain(Topics.DEAD_LETTERS);
  }

  private static Handled launched(long offset) {
    ConsumerRecord<byte[], byte[]> command =
        new ConsumerRecord<>(COMMANDS, 0, offset, bytes("exec-1"), bytes("command"));
    ProducerRecord<byte[], byte[]> event =
        new ProducerRecord<>(Topics.WAVE_EVENTS.name(), bytes("exec-1"), bytes("event"));
    return Handled.output(command, event, "WaveLaunched of exec-1");
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** A producer whose commits time out or fail, and which refuses aborts as the real one does. */
  private static final class FlakyProducer extends MockProducer<byte[], byte[]> {
    int commitTimeouts;
    RuntimeException commitFailure;
    int commitFailures;
    RuntimeException abortFailure;
    int commits;
    int aborts;
    private boolean commitTimedOut;

    FlakyProducer() {
      super(cluster(), true, null, new ByteArraySerializer(), new ByteArraySerializer());
      initTransactions();
    }

    @Override
    public void commitTransaction() {
      commits++;
      if (commitTimeouts > 0) {
        commitTimeouts--;
        commitTimedOut = true;
        throw new TimeoutException("Timeout expired after 60000ms while awaiting EndTxn(true)");
      }
      commitTimedOut = false;
      if (commitFailures > 0) {
        commitFailures--;
        throw commitFailure;
      }
      super.commitTransaction();
    }

    @Override
    public void abortTransaction() {
      aborts++;
      if (commitTimedOut) {
        throw new IllegalStateException(
            "The previous call of commitTransaction timed out and must be retried");
      }
      if (abortFailure != null) {
        throw abortFailure;
      }
      super.abortTransaction();
    }

    private static Cluster cluster() {
      Node node = new Node(0, "localhost", 9092);
      Node[] nodes = {node};
      List<PartitionInfo> partitions =
          List.of(
              new PartitionInfo(Topics.WAVE_EVENTS.name(), 0, node, nodes, nodes),
              new PartitionInfo(Topics.DEAD_LETTERS, 0, node, nodes, nodes));
      return new Cluster("test", List.of(node), partitions, Set.of(), Set.of());
    }
  }
}
