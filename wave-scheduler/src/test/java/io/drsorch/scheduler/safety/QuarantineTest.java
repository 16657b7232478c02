package io.drsorch.scheduler.safety;

import static org.assertj.core.api.Assertions.assertThat;

import io.drsorch.scheduler.safety.Quarantine.Action;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.Test;

class QuarantineTest {

  private static final SourcePosition AT = new SourcePosition("drs.wave-events", 1, 42);

  private final Quarantine quarantine = new Quarantine();
  private final SizeGuard guard = new SizeGuard(900_000);

  @Test
  void givenARecordThatFails_whenItComesBack_thenProcessedOnceMoreThenDeadLetteredThenSkipped() {
    // when / then
    assertThat(quarantine.verdict(AT).action()).isEqualTo(Action.PROCESS);
    quarantine.failed(AT, new IllegalStateException("first"));
    assertThat(quarantine.verdict(AT).action()).isEqualTo(Action.PROCESS);
    quarantine.failed(AT, new IllegalStateException("boom"));
    Quarantine.Verdict deadLetter = quarantine.verdict(AT);
    assertThat(deadLetter.action()).isEqualTo(Action.DEAD_LETTER);
    assertThat(deadLetter.reason())
        .isEqualTo(
            "processing failed 2 times, the stream thread replaced each time; last failure: boom");
    assertThat(deadLetter.exception()).isEqualTo(IllegalStateException.class.getName());
    quarantine.failed(AT, new IllegalStateException("the dead letter failed too"));
    assertThat(quarantine.verdict(AT).action()).isEqualTo(Action.SKIP);
    assertThat(quarantine.verdict(new SourcePosition("drs.wave-events", 1, 43)).action())
        .isEqualTo(Action.PROCESS);
  }

  @Test
  void givenAWriteRefusedWhileARecordIsProcessed_whenHandled_thenChargedToThatRecord() {
    // given
    QuarantineProductionHandler handler = productionHandler();
    ProducerRecord<byte[], byte[]> changelog =
        new ProducerRecord<>("app-scheduler-executions-changelog", new byte[10], new byte[2000]);

    // when: twice, as the record is processed again after the thread was replaced
    try (Quarantine.Scope scope = quarantine.processing(AT)) {
      handler.handle(context(), changelog, new RecordTooLargeException("too large"));
    }
    try (Quarantine.Scope scope = quarantine.processing(AT)) {
      handler.handle(context(), changelog, new RecordTooLargeException("too large"));
    }

    // then
    assertThat(quarantine.current()).isEmpty();
    assertThat(quarantine.verdict(AT).action()).isEqualTo(Action.DEAD_LETTER);
    assertThat(guard.limitFor("app-scheduler-executions-changelog")).isEqualTo(1999);
  }

  @Test
  void givenARefusalReportedAfterProcessing_whenHandled_thenNoRecordIsChargedButTheLimitIsLearnt() {
    // given: the broker's answer arrives on the producer's thread, no record in progress there
    QuarantineProductionHandler handler = productionHandler();

    // when
    handler.handle(
        context(),
        new ProducerRecord<>("drs.executions", new byte[10], new byte[5000]),
        new RecordTooLargeException("refused by the broker"));

    // then
    assertThat(guard.limitFor("drs.executions")).isEqualTo(4999);
    assertThat(guard.limitFor("drs.execution-history")).isEqualTo(900_000);
  }

  @Test
  void givenInfrastructureFailures_whenHandled_thenNoRecordIsCharged() {
    // given
    QuarantineProductionHandler production = productionHandler();
    QuarantineProcessingHandler processing = processingHandler();
    ProducerRecord<byte[], byte[]> view =
        new ProducerRecord<>("drs.executions", new byte[1], new byte[1]);

    // when: each twice, which would be enough to set a record aside
    for (int i = 0; i < 2; i++) {
      try (Quarantine.Scope scope = quarantine.processing(AT)) {
        production.handle(context(), view, new TimeoutException("broker away"));
        production.handle(context(), view, new TopicAuthorizationException("not allowed"));
        production.handleSerializationException(
            context(),
            view,
            new SerializationException(
                "cannot reach schema registry", new IOException("connection refused")),
            null);
        production.handleSerializationException(
            context(), view, new SerializationException("schema registry refused: HTTP 503"), null);
      }
      processing.handle(context(), record(), new UncheckedIOException(new IOException("disk")));
      processing.handle(
          context(),
          record(),
          new StreamsException("Error encountered sending record", new RecordTooLargeException()));
    }

    // then
    assertThat(quarantine.verdict(AT).action()).isEqualTo(Action.PROCESS);
  }

  @Test
  void givenAProcessorFailingOnARecord_whenHandled_thenChargedToTheRecordTheContextNames() {
    // given
    QuarantineProcessingHandler handler = processingHandler();

    // when
    handler.handle(context(), record(), new NullPointerException("a field was null"));
    handler.handle(context(), record(), new NullPointerException("a field was null"));

    // then
    assertThat(quarantine.verdict(AT).action()).isEqualTo(Action.DEAD_LETTER);
  }

  @Test
  void givenAValueThatCannotBeEncoded_whenHandled_thenChargedToTheRecordInProgress() {
    // given
    QuarantineProductionHandler handler = productionHandler();
    SerializationException unencodable =
        new SerializationException(
            "cannot write ExecutionUpdated", new NullPointerException("null of string"));

    // when
    for (int i = 0; i < 2; i++) {
      try (Quarantine.Scope scope = quarantine.processing(AT)) {
        handler.handleSerializationException(
            context(), new ProducerRecord<>("drs.executions", "k", "v"), unencodable, null);
      }
    }

    // then
    assertThat(quarantine.verdict(AT).action()).isEqualTo(Action.DEAD_LETTER);
  }

  @Test
  void givenAFailureWhoseMessageRepeatsAWholeDatum_whenCharged_thenOnlyItsHeadIsKept() {
    // given: a message of a megabyte, as Avro writes when it repeats the datum it could not encode
    String datum = "{\"executionId\": \"exec-1\", \"waves\": [" + "x".repeat(1_000_000) + "]}";

    // when
    quarantine.failed(AT, new org.apache.avro.AvroRuntimeException("cannot encode " + datum));
    quarantine.failed(AT, new org.apache.avro.AvroRuntimeException("cannot encode " + datum));

    // then
    String reason = quarantine.verdict(AT).reason();
    assertThat(reason)
        .contains("last failure: cannot encode {\"executionId\": \"exec-1\"")
        .endsWith("... (" + ("cannot encode " + datum).length() + " characters)");
    assertThat(reason.length()).isLessThan(Quarantine.MAX_MESSAGE_LENGTH + 200);
  }

  private QuarantineProductionHandler productionHandler() {
    QuarantineProductionHandler handler = new QuarantineProductionHandler();
    handler.configure(Map.of(Quarantine.CONFIG, quarantine, SizeGuard.CONFIG, guard));
    return handler;
  }

  private QuarantineProcessingHandler processingHandler() {
    QuarantineProcessingHandler handler = new QuarantineProcessingHandler();
    handler.configure(Map.of(Quarantine.CONFIG, quarantine));
    return handler;
  }

  private static Record<String, String> record() {
    return new Record<>("exec-1", "value", 0L);
  }

  /** What Kafka Streams says about the record being processed when the handler runs. */
  private static ErrorHandlerContext context() {
    return new ErrorHandlerContext() {
      @Override
      public String topic() {
        return AT.topic();
      }

      @Override
      public int partition() {
        return AT.partition();
      }

      @Override
      public long offset() {
        return AT.offset();
      }

      @Override
      public org.apache.kafka.common.header.Headers headers() {
        return new RecordHeaders();
      }

      @Override
      public String processorNodeId() {
        return "execution-processor";
      }

      @Override
      public TaskId taskId() {
        return new TaskId(1, 1);
      }

      @Override
      public long timestamp() {
        return 0L;
      }

      @Override
      public byte[] sourceRawKey() {
        return "exec-1".getBytes(StandardCharsets.UTF_8);
      }

      @Override
      public byte[] sourceRawValue() {
        return new byte[0];
      }
    };
  }
}
