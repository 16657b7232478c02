package io.drsorch.scheduler.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.junit.jupiter.api.Test;

class DeadLetterRecordsTest {

  private static final RecordMetadata ORIGIN =
      new RecordMetadata() {
        @Override
        public String topic() {
          return "drs.execution-requests";
        }

        @Override
        public int partition() {
          return 2;
        }

        @Override
        public long offset() {
          return 7;
        }
      };

  @Test
  void givenARecordWithinTheBudget_whenDeadLettered_thenByteForByteWithItsHeadersAndTheReason() {
    // given
    byte[] raw = "some bytes".getBytes(StandardCharsets.UTF_8);
    Record<String, Decoded<Object>> source = source(raw);

    // when
    Record<String, byte[]> letter =
        DeadLetterRecords.of(source, ORIGIN, new IllegalStateException("bad"), 900_000);

    // then
    assertThat(letter.value()).isEqualTo(raw);
    assertThat(header(letter, "trace")).isEqualTo("abc");
    assertThat(header(letter, "dlq.reason")).isEqualTo("bad");
    assertThat(header(letter, "dlq.exception")).isEqualTo(IllegalStateException.class.getName());
    assertThat(header(letter, "dlq.offset")).isEqualTo("7");
    assertThat(letter.headers().lastHeader("dlq.value-omitted")).isNull();
  }

  @Test
  void givenARecordLargerThanTheBudget_whenDeadLettered_thenItsValueIsLeftOutAndTheReasonCut() {
    // given
    Record<String, Decoded<Object>> source = source(new byte[5000]);
    String reason = "r".repeat(5000);

    // when
    Record<String, byte[]> letter =
        DeadLetterRecords.of(source, ORIGIN, reason, "SomeException", 4000);

    // then
    assertThat(letter.value()).isNull();
    assertThat(header(letter, "dlq.value-omitted")).startsWith("5000 bytes, over");
    assertThat(header(letter, "dlq.reason"))
        .hasSize(DeadLetterRecords.MAX_REASON_LENGTH + "... (5000 characters)".length())
        .endsWith("... (5000 characters)");
    assertThat(header(letter, "dlq.topic")).isEqualTo("drs.execution-requests");
    int size = 0;
    for (Header h : letter.headers()) {
      size += h.key().length() + h.value().length;
    }
    assertThat(size).isLessThan(4000);
  }

  private static Record<String, Decoded<Object>> source(byte[] raw) {
    RecordHeaders headers = new RecordHeaders();
    headers.add("trace", "abc".getBytes(StandardCharsets.UTF_8));
    return new Record<>("plan-1", new Decoded<>(null, raw, null), 0L, headers);
  }

  private static String header(Record<String, byte[]> record, String name) {
    Header header = record.headers().lastHeader(name);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }
}
