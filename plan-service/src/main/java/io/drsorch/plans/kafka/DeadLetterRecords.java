package io.drsorch.plans.kafka;

import io.drsorch.schemas.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;

/**
 * The dead letter of a record, in the format of schemas' {@code DeadLetters} (the record's key,
 * value and headers, then the {@code dlq.*} headers), with two differences that keep a hostile
 * record from blocking its partition: the reason is cut to {@link #MAX_REASON_LENGTH} characters (a
 * decoder's message may quote the record), and a letter Kafka refuses can be sent again in a
 * smaller {@link Form}, which says in {@value #LEFT_OUT} what it leaves out and why.
 */
final class DeadLetterRecords {

  /** Longest {@code dlq.reason} (and {@value #LEFT_OUT}) sent. */
  static final int MAX_REASON_LENGTH = 1_000;

  /** The header naming what a smaller letter leaves out of the record, and why. */
  static final String LEFT_OUT = "dlq.left-out";

  /** How much of the record a letter carries; each one smaller than the one before. */
  enum Form {
    WHOLE(null),
    WITHOUT_VALUE("value"),
    BARE("key, value and headers");

    private final String leftOut;

    Form(String leftOut) {
      this.leftOut = leftOut;
    }
  }

  private DeadLetterRecords() {}

  /**
   * @param refusal why Kafka refused the larger form; null for {@link Form#WHOLE}
   */
  static ProducerRecord<byte[], byte[]> of(
      ConsumerRecord<byte[], byte[]> record,
      Throwable reason,
      String service,
      Form form,
      Throwable refusal) {
    boolean bare = form == Form.BARE;
    ProducerRecord<byte[], byte[]> letter =
        new ProducerRecord<>(
            Topics.DEAD_LETTERS,
            null,
            bare ? null : record.key(),
            form == Form.WHOLE ? record.value() : null);
    if (!bare) {
      record.headers().forEach(h -> letter.headers().add(h));
    }
    Headers headers = letter.headers();
    put(headers, "dlq.reason", cut(String.valueOf(reason.getMessage())));
    put(headers, "dlq.exception", reason.getClass().getName());
    put(headers, "dlq.topic", record.topic());
    put(headers, "dlq.partition", Integer.toString(record.partition()));
    put(headers, "dlq.offset", Long.toString(record.offset()));
    put(headers, "dlq.service", service);
    put(headers, "dlq.time", Instant.now().toString());
    if (form.leftOut != null) {
      put(
          headers,
          LEFT_OUT,
          cut(form.leftOut + ": Kafka refused the letter with it (" + refusal + ")"));
    }
    return letter;
  }

  static String cut(String text) {
    if (text.length() <= MAX_REASON_LENGTH) {
      return text;
    }
    return text.substring(0, MAX_REASON_LENGTH - 40)
        + "... ("
        + text.length()
        + " characters in all)";
  }

  private static void put(Headers headers, String name, String value) {
    headers.add(name, value.getBytes(StandardCharsets.UTF_8));
  }
}
