package io.drsorch.scheduler.topology;

import io.drsorch.scheduler.safety.Quarantine;
import io.drsorch.scheduler.safety.Quarantine.Verdict;
import io.drsorch.scheduler.safety.SizeGuard;
import io.drsorch.scheduler.safety.SourcePosition;
import io.drsorch.schemas.topics.Topics;
import java.util.Optional;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts a processor behind the {@link Quarantine}: a record that already failed too often is
 * dead-lettered with the recorded reason (or, should its dead letter have failed too, skipped)
 * instead of being processed again; any other record is processed with its position marked as the
 * one in progress on this thread, so that a failure reported meanwhile is charged to it.
 */
public final class QuarantinedProcessor implements Processor<String, Decoded<?>, String, Object> {

  private static final Logger LOG = LoggerFactory.getLogger(QuarantinedProcessor.class);

  private final Processor<String, Decoded<?>, String, Object> inner;
  private final Quarantine quarantine;
  private final SizeGuard guard;
  private final String deadLetters;
  private ProcessorContext<String, Object> context;

  /**
   * @param deadLetters the child node of {@code inner} that writes to the dead-letter topic
   */
  public QuarantinedProcessor(
      Processor<String, Decoded<?>, String, Object> inner,
      Quarantine quarantine,
      SizeGuard guard,
      String deadLetters) {
    this.inner = inner;
    this.quarantine = quarantine;
    this.guard = guard;
    this.deadLetters = deadLetters;
  }

  @Override
  public void init(ProcessorContext<String, Object> context) {
    this.context = context;
    inner.init(context);
  }

  @Override
  public void process(Record<String, Decoded<?>> record) {
    Optional<RecordMetadata> origin = context.recordMetadata();
    if (origin.isEmpty()) {
      inner.process(record);
      return;
    }
    SourcePosition at = SourcePosition.of(origin.get());
    Verdict verdict = quarantine.verdict(at);
    try (Quarantine.Scope scope = quarantine.processing(at)) {
      switch (verdict.action()) {
        case PROCESS -> inner.process(record);
        case DEAD_LETTER -> {
          LOG.warn("dead-lettered {} of {}: {}", at, record.key(), verdict.reason());
          Record<String, byte[]> letter =
              DeadLetterRecords.of(
                  record,
                  origin.get(),
                  verdict.reason(),
                  verdict.exception(),
                  guard.limitFor(Topics.DEAD_LETTERS));
          context.forward(letter.<Object>withValue(letter.value()), deadLetters);
        }
        case SKIP ->
            LOG.error(
                "skipped {} of {} without a dead letter (its dead letter failed too): {}",
                at,
                record.key(),
                verdict.reason());
      }
    }
  }

  @Override
  public void close() {
    inner.close();
  }
}
