package io.drsorch.launcher;

import io.drsorch.schemas.runtime.DeadLetters;
import io.drsorch.schemas.topics.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * What one command comes to: the event to write, the reason to dead-letter it, or "read it again".
 * When Kafka refuses what a command comes to, {@link #instead} says what to write in its place, so
 * that no record is retried forever.
 */
final class Handled {

  private final ConsumerRecord<byte[], byte[]> record;
  private final ProducerRecord<byte[], byte[]> output;
  private final String outputDescription;
  private final Exception deadLetterReason;

  private Handled(
      ConsumerRecord<byte[], byte[]> record,
      ProducerRecord<byte[], byte[]> output,
      String outputDescription,
      Exception deadLetterReason) {
    this.record = record;
    this.output = output;
    this.outputDescription = outputDescription;
    this.deadLetterReason = deadLetterReason;
  }

  /**
   * @param description what the output is, for the dead letter should Kafka refuse it: for instance
   *     the jobs a WaveLaunched names, which nobody would otherwise hear of
   */
  static Handled output(
      ConsumerRecord<byte[], byte[]> record,
      ProducerRecord<byte[], byte[]> output,
      String description) {
    return new Handled(record, output, description, null);
  }

  static Handled deadLetter(ConsumerRecord<byte[], byte[]> record, Exception reason) {
    return new Handled(record, null, null, reason);
  }

  static Handled readAgain(ConsumerRecord<byte[], byte[]> record) {
    return new Handled(record, null, null, null);
  }

  ConsumerRecord<byte[], byte[]> record() {
    return record;
  }

  TopicPartition partition() {
    return new TopicPartition(record.topic(), record.partition());
  }

  boolean again() {
    return output == null && deadLetterReason == null;
  }

  boolean isOutput() {
    return output != null;
  }

  /** Writes what the command comes to, in the producer's open transaction. */
  void write(Producer<byte[], byte[]> producer, DeadLetters deadLetters) {
    if (output != null) {
      producer.send(output);
    } else {
      deadLetters.send(record, deadLetterReason);
    }
  }

  String deadLetterReason() {
    return deadLetterReason == null ? null : deadLetterReason.toString();
  }

  /**
   * What to write in place of this once Kafka refused it: the command's dead letter instead of its
   * output; a letter without the command's bytes (only where they are) instead of a dead letter
   * that is itself too large; null when nothing smaller is left.
   *
   * @param refusal Kafka's refusal
   * @param tries how many times it was refused
   */
  Handled instead(Throwable refusal, int tries) {
    if (output != null) {
      return deadLetter(
          record,
          new RefusedWriteException(
              "Kafka refused its " + outputDescription + " " + tries + " times: " + refusal,
              refusal));
    }
    if (record.key() != null || record.value() != null || record.headers().iterator().hasNext()) {
      ConsumerRecord<byte[], byte[]> bare =
          new ConsumerRecord<>(record.topic(), record.partition(), record.offset(), null, null);
      return deadLetter(
          bare,
          new RefusedWriteException(
              deadLetterReason.getMessage()
                  + "; "
                  + Topics.DEAD_LETTERS
                  + " refused the record itself too ("
                  + refusal
                  + "): read it at "
                  + record.topic()
                  + "-"
                  + record.partition()
                  + "@"
                  + record.offset(),
              refusal));
    }
    return null;
  }

  /** Kafka refused to take what a record came to. */
  static final class RefusedWriteException extends RuntimeException {
    RefusedWriteException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
