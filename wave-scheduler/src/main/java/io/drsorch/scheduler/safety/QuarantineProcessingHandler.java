package io.drsorch.scheduler.safety;

import java.util.Map;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Handles an exception thrown out of a processor while it handled a record: charges it to that
 * record when it is the record's fault (see {@link Faults}), and fails, so that the transaction
 * aborts with whatever the processor had written, and the thread is replaced. Going on instead
 * would commit a half-done write. Here the {@link ErrorHandlerContext} does name the record being
 * processed: the handler runs on its thread, before the next record.
 *
 * <p>A failure in a punctuation has no source record: it is charged to nothing, and fails like any
 * other, so the thread is replaced and the punctuation runs again. The scheduler's punctuation
 * (timers) therefore lets out only failures of the infrastructure, which pass once it is back; a
 * timer that fails on its own data is dropped there.
 */
public final class QuarantineProcessingHandler implements ProcessingExceptionHandler {

  private static final Logger LOG = LoggerFactory.getLogger(QuarantineProcessingHandler.class);

  private Quarantine quarantine;

  @Override
  public void configure(Map<String, ?> configs) {
    quarantine = (Quarantine) configs.get(Quarantine.CONFIG);
    if (quarantine == null) {
      LOG.warn("no quarantine configured: failing records are only retried");
    }
  }

  @Override
  public ProcessingHandlerResponse handle(
      ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
    boolean hasSource = context.topic() != null && context.offset() >= 0;
    if (quarantine != null && hasSource && Faults.isRecordsProcessingFault(exception)) {
      SourcePosition at =
          new SourcePosition(context.topic(), context.partition(), context.offset());
      LOG.error(
          "processing {} in {} failed; charged to it", at, context.processorNodeId(), exception);
      quarantine.failed(at, exception);
    } else {
      LOG.error(
          "processing in {} failed; the record will be retried",
          context.processorNodeId(),
          exception);
    }
    return ProcessingHandlerResponse.FAIL;
  }
}
