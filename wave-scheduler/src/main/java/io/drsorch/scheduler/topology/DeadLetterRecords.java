package io.drsorch.scheduler.topology;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
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
 */
public final class DeadLetterRecords {

  public static final String SERVICE = "wave-scheduler";

  private DeadLetterRecords() {}

  public static Record<String, byte[]> of(
      Record<String, ? extends Decoded<?>> source, RecordMetadata origin, Throwable reason) {
    Headers headers = new RecordHeaders(source.headers().toArray());
    put(headers, "dlq.reason", String.valueOf(reason.getMessage()));
    put(headers, "dlq.exception", reason.getClass().getName());
    put(headers, "dlq.topic", origin == null ? "" : origin.topic());
    put(headers, "dlq.partition", origin == null ? "" : Integer.toString(origin.partition()));
    put(headers, "dlq.offset", origin == null ? "" : Long.toString(origin.offset()));
    put(headers, "dlq.service", SERVICE);
    put(headers, "dlq.time", Instant.ofEpochMilli(source.timestamp()).toString());
    byte[] raw = source.value() == null ? null : source.value().raw();
    return new Record<>(source.key(), raw, source.timestamp(), headers);
  }

  private static void put(Headers headers, String name, String value) {
    headers.add(name, value.getBytes(StandardCharsets.UTF_8));
  }
}
