package io.drsorch.schemas.runtime;

import io.drsorch.schemas.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;

/**
 * Sends a record that could not be read or applied to {@code drs.dead-letters}, byte for byte, with
 * why and where from in headers, so that nothing acknowledged is lost and the consumer goes on.
 * Header names: {@code dlq.reason}, {@code dlq.exception}, {@code dlq.topic}, {@code
 * dlq.partition}, {@code dlq.offset}, {@code dlq.service}, {@code dlq.time}, and {@value #LEFT_OUT}
 * on a letter that leaves part of the record out.
 *
 * <p>A hostile record must not block its partition by making its own letter too large: the reason
 * is cut to {@link #MAX_REASON_LENGTH} characters (a decoder's message may quote the record), and a
 * letter Kafka refuses can be built again in a smaller {@link Form}.
 */
public final class DeadLetters {

  /** Longest {@code dlq.reason} (and {@value #LEFT_OUT}) sent. */
  public static final int MAX_REASON_LENGTH = 1_000;

  /** The header naming what a smaller letter leaves out of the record, and why. */
  public static final String LEFT_OUT = "dlq.left-out";

  /** How much of the record a letter carries; each one smaller than the one before. */
  public enum Form {
    WHOLE(null),
    WITHOUT_VALUE("value"),
    BARE("key, value and headers");

    private final String leftOut;

    Form(String leftOut) {
      this.leftOut = leftOut;
    }
  }

  private final Producer<byte[], byte[]> producer;
  private final String service;

  /** The producer may be transactional: the dead letter then commits with the consumer offset. */
  public DeadLetters(Producer<byte[], byte[]> producer, String service) {
    this.producer = producer;
    this.service = service;
  }

  public void send(ConsumerRecord<byte[], byte[]> record, Throwable reason) {
    producer.send(letter(record, reason, service, Form.WHOLE, null));
    DeadLetterMetrics.sent(service, reason.getClass().getName());
  }

  /**
   * The dead letter of {@code record}: its key, value and headers as {@code form} keeps them, then
   * the {@code dlq.*} headers.
   *
   * @param refusal why Kafka refused the larger form; null for {@link Form#WHOLE}
   */
  public static ProducerRecord<byte[], byte[]> letter(
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

  /** {@code text}, cut to {@link #MAX_REASON_LENGTH} characters with its length said. */
  public static String cut(String text) {
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
