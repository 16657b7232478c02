package io.drsorch.scheduler.topology;

import io.drsorch.schemas.runtime.DeadLetterMetrics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Builds the dead letter of a source record, with the same header names as the shared {@code
 * DeadLetters} helper ({@code dlq.reason}, {@code dlq.exception}, {@code dlq.topic}, {@code
 * dlq.partition}, {@code dlq.offset}, {@code dlq.service}, {@code dlq.time}), so one tool reads the
 * dead letters of every service. Written through a sink node, it commits atomically with the
 * input's offset under exactly-once.
 *
 * <p>A dead letter must itself be accepted by the broker, or the record it sets aside would stop
 * the partition again. So it stays within a byte budget: the reason is cut to {@link
 * #MAX_REASON_LENGTH} characters, the value is copied byte for byte when it fits (a compressed
 * input may be far larger once read; then {@code dlq.value-omitted} says so and the record stays
 * readable at its position while the topic retains it), and the source's headers are copied when
 * they still fit ({@code dlq.headers-omitted} otherwise).
 */
public final class DeadLetterRecords {

  public static final String SERVICE = "wave-scheduler";

  static final int MAX_REASON_LENGTH = 1000;

  private DeadLetterRecords() {}

  public static Record<String, byte[]> of(
      Record<String, ? extends Decoded<?>> source,
      RecordMetadata origin,
      Throwable reason,
      int maxBytes) {
    return of(
        source, origin, String.valueOf(reason.getMessage()), reason.getClass().getName(), maxBytes);
  }

  /**
   * @param exception the class name of what went wrong, for {@code dlq.exception}
   * @param maxBytes the most bytes the dead letter may have, key, value and headers together
   */
  public static Record<String, byte[]> of(
      Record<String, ? extends Decoded<?>> source,
      RecordMetadata origin,
      String reason,
      String exception,
      int maxBytes) {
    DeadLetterMetrics.sent(SERVICE, exception);
    Headers headers = new RecordHeaders();
    put(headers, "dlq.reason", cut(reason));
    put(headers, "dlq.exception", exception);
    put(headers, "dlq.topic", origin == null ? "" : origin.topic());
    put(headers, "dlq.partition", origin == null ? "" : Integer.toString(origin.partition()));
    put(headers, "dlq.offset", origin == null ? "" : Long.toString(origin.offset()));
    put(headers, "dlq.service", SERVICE);
    put(headers, "dlq.time", Instant.ofEpochMilli(source.timestamp()).toString());
    int budget = maxBytes - bytes(headers) - utf8Length(source.key());
    byte[] raw = source.value() == null ? null : source.value().raw();
    if (raw != null && raw.length > budget) {
      put(
          headers,
          "dlq.value-omitted",
          raw.length + " bytes, over the dead letter's budget of " + budget + " bytes");
      raw = null;
    }
    budget -= raw == null ? 0 : raw.length;
    Header[] copied = source.headers().toArray();
    if (bytes(copied) > budget) {
      put(headers, "dlq.headers-omitted", copied.length + " headers of the source record");
    } else {
      // The source's headers first, as the shared helper writes them.
      Headers all = new RecordHeaders(copied);
      headers.forEach(all::add);
      headers = all;
    }
    return new Record<>(source.key(), raw, source.timestamp(), headers);
  }

  private static String cut(String reason) {
    return reason.length() <= MAX_REASON_LENGTH
        ? reason
        : reason.substring(0, MAX_REASON_LENGTH) + "... (" + reason.length() + " characters)";
  }

  private static int bytes(Headers headers) {
    return bytes(headers.toArray());
  }

  private static int bytes(Header[] headers) {
    int total = 0;
    for (Header h : headers) {
      total += utf8Length(h.key()) + (h.value() == null ? 0 : h.value().length);
    }
    return total;
  }

  private static int utf8Length(String s) {
    return s == null ? 0 : s.getBytes(StandardCharsets.UTF_8).length;
  }

  private static void put(Headers headers, String name, String value) {
    headers.add(name, value.getBytes(StandardCharsets.UTF_8));
  }
}
