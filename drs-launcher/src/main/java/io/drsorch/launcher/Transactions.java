package io.drsorch.launcher;

import io.drsorch.schemas.runtime.DeadLetters;
import io.drsorch.schemas.runtime.EndTransaction;
import io.drsorch.schemas.runtime.Refusals;
import io.drsorch.schemas.topics.Topics;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Commits what commands came to, each with its offset, in Kafka transactions: exactly once towards
 * Kafka. All of a poll go in one transaction. When Kafka refuses a record in it (an event larger
 * than the topic takes, say), one transaction cannot tell whose it is, so the records are committed
 * again one per transaction: the refused one is retried a few times, then dead-lettered with the
 * reason, and the others go through. A failure that is not a record's (the broker unreachable, a
 * rebalance) commits nothing: the records are read again later. When it is unknown whether a
 * transaction committed (its commit kept timing out, or its abort failed), {@link
 * EndTransaction.UnknownTransactionStateException} goes up to the loop, which starts afresh.
 */
final class Transactions {

  private static final Logger LOG = LoggerFactory.getLogger(Transactions.class);

  /** How often an output Kafka refuses is sent before its command is dead-lettered instead. */
  static final int OUTPUT_TRIES = 3;

  private final Producer<byte[], byte[]> producer;
  private final Supplier<ConsumerGroupMetadata> group;
  private final DeadLetters deadLetters;

  /** Written with every committed offset ({@link MaybeLaunched#metadata}). */
  private final String offsetMetadata;

  Transactions(
      Producer<byte[], byte[]> producer,
      Supplier<ConsumerGroupMetadata> group,
      DeadLetters deadLetters,
      String offsetMetadata) {
    this.producer = producer;
    this.group = group;
    this.deadLetters = deadLetters;
    this.offsetMetadata = offsetMetadata;
  }

  /**
   * Commits the records (in offset order within each partition).
   *
   * @return per partition, the offset from which its records were not committed and must be read
   *     again; empty when all were
   * @throws EndTransaction.UnknownTransactionStateException when whether they committed is unknown
   */
  Map<TopicPartition, Long> commit(List<Handled> handled) {
    Throwable failure = transaction(handled);
    if (failure == null) {
      return Map.of();
    }
    Map<TopicPartition, Long> rereadFrom = new LinkedHashMap<>();
    if (Refusals.of(failure) == null) {
      handled.forEach(one -> rereadFrom.merge(one.partition(), one.record().offset(), Math::min));
      return rereadFrom;
    }
    LOG.warn(
        "Kafka refused a record of a transaction of {} ({}): committing them one by one",
        handled.size(),
        Refusals.of(failure).toString());
    for (Handled one : handled) {
      if (!rereadFrom.containsKey(one.partition()) && !commitAlone(one)) {
        rereadFrom.put(one.partition(), one.record().offset());
      }
    }
    return rereadFrom;
  }

  /**
   * Commits one record alone: what it came to, sent up to {@link #OUTPUT_TRIES} times while Kafka
   * refuses it (a dead letter once), then what {@link Handled#instead} offers in its place.
   *
   * @return false when a failure that is not the record's stopped it
   */
  private boolean commitAlone(Handled one) {
    Handled current = one;
    int tries = 0;
    while (true) {
      Throwable failure = transaction(List.of(current));
      if (failure == null) {
        return true;
      }
      Throwable refusal = Refusals.of(failure);
      if (refusal == null) {
        return false;
      }
      tries++;
      if (current.isOutput() && tries < OUTPUT_TRIES) {
        continue;
      }
      current = current.instead(refusal, tries);
      tries = 0;
      if (current == null) {
        // Even a letter of a few hundred bytes is refused: the broker's limits are wrong, not
        // the record. Read it again later, as after any other failure of the moment.
        LOG.error(
            "Kafka refuses even a bare dead letter for {}-{}@{}: {}",
            one.record().topic(),
            one.record().partition(),
            one.record().offset(),
            refusal.toString());
        return false;
      }
    }
  }

  /** One transaction of every record's output or dead letter and each partition's next offset. */
  private Throwable transaction(List<Handled> handled) {
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    try {
      producer.beginTransaction();
      for (Handled one : handled) {
        if (!one.isOutput()) {
          LOG.warn(
              "offset {} of {} cannot be launched, sent to {}: {}",
              one.record().offset(),
              one.record().topic(),
              Topics.DEAD_LETTERS,
              one.deadLetterReason());
        }
        one.write(producer, deadLetters);
        offsets.merge(
            one.partition(),
            new OffsetAndMetadata(one.record().offset() + 1, offsetMetadata),
            (a, b) -> a.offset() >= b.offset() ? a : b);
      }
      producer.sendOffsetsToTransaction(offsets, group.get());
      EndTransaction.commit(producer);
      return null;
    } catch (ProducerFencedException | OutOfOrderSequenceException | AuthorizationException e) {
      throw e; // another instance took over, or we may not write: stop
    } catch (KafkaException e) {
      LOG.warn("transaction of {} record(s) aborted: {}", handled.size(), e.toString());
      EndTransaction.abort(producer, e);
      return e;
    }
  }
}
