package io.drsorch.scheduler.safety;

import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Handles a write that the producer or the broker refused, or a value that could not be serialized:
 * charges the failure to the record that caused it, when that record is known for sure, and fails,
 * so that the transaction aborts and the thread is replaced (under exactly-once the aborted
 * transaction cannot go on anyway).
 *
 * <p>Which record caused a write is known for sure only while it is being processed, on its stream
 * thread: a serialization error, or a record the producer refuses before sending it (larger than
 * {@code max.request.size}), is reported there, and {@link Quarantine#current} names the record.
 * The {@link ErrorHandlerContext} is no help: Kafka Streams writes changelog records without a
 * source position, and for a refusal that comes back from the broker it describes whichever record
 * the stream thread is at when the answer arrives (or none), not the one that caused the write.
 * Such a refusal, when it is for the record's size, teaches the {@link SizeGuard} the topic's limit
 * instead: when the record is processed again, the guard holds the write before it is sent and the
 * record is dead-lettered by its processor. Other refusals from the broker cannot be tied to a
 * record here; the scheduler's own records give the broker no other reason to refuse them (keys are
 * never null, timestamps are those the broker accepted on the inputs), so they are logged and
 * retried like an infrastructure failure.
 */
public final class QuarantineProductionHandler implements ProductionExceptionHandler {

  private static final Logger LOG = LoggerFactory.getLogger(QuarantineProductionHandler.class);

  private Quarantine quarantine;
  private SizeGuard guard;

  @Override
  public void configure(Map<String, ?> configs) {
    quarantine = (Quarantine) configs.get(Quarantine.CONFIG);
    guard = (SizeGuard) configs.get(SizeGuard.CONFIG);
    if (quarantine == null || guard == null) {
      LOG.warn("no quarantine or size guard configured: refused writes are only retried");
    }
  }

  @Override
  public ProductionExceptionHandlerResponse handle(
      ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record, Exception exception) {
    if (guard != null && Faults.isRefusedForSize(exception) && record.value() != null) {
      guard.refused(record.topic(), record.value().length);
      LOG.warn(
          "{} refused a record of {} bytes: records as large are held from now on, and the input"
              + " that wrote it is dead-lettered when it is processed again",
          record.topic(),
          record.value().length);
    }
    charge(record.topic(), exception);
    return ProductionExceptionHandlerResponse.FAIL;
  }

  @Override
  public ProductionExceptionHandlerResponse handleSerializationException(
      ErrorHandlerContext context,
      ProducerRecord record,
      Exception exception,
      SerializationExceptionOrigin origin) {
    charge(record.topic(), exception);
    return ProductionExceptionHandlerResponse.FAIL;
  }

  private void charge(String topic, Exception exception) {
    if (quarantine == null || !Faults.isRecordsProductionFault(exception)) {
      LOG.error("write to {} failed; the record will be retried", topic, exception);
      return;
    }
    quarantine
        .current()
        .ifPresentOrElse(
            at -> {
              LOG.error("write to {} caused by {} failed; charged to it", topic, at, exception);
              quarantine.failed(at, exception);
            },
            () ->
                LOG.error(
                    "write to {} failed after its record was processed; processing is retried",
                    topic,
                    exception));
  }
}
