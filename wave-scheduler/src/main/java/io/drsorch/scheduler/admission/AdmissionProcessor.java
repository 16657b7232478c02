package io.drsorch.scheduler.admission;

import io.drsorch.avro.ExecutionRequested;
import io.drsorch.avro.ExecutionStatus;
import io.drsorch.avro.ExecutionTransition;
import io.drsorch.avro.ExecutionUpdated;
import io.drsorch.avro.ExecutionWave;
import io.drsorch.scheduler.core.ExecutionEvent.Meta;
import io.drsorch.scheduler.core.ExecutionState;
import io.drsorch.scheduler.core.Ids;
import io.drsorch.scheduler.core.WaveState;
import io.drsorch.scheduler.execution.Views;
import io.drsorch.scheduler.topology.DeadLetterRecords;
import io.drsorch.scheduler.topology.Decoded;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Admits at most one running execution per plan. Requests are keyed by planId, so every request of
 * a plan meets the plan's slot (planId -> running executionId) on one partition. Admitted requests
 * go on re-keyed by executionId; rejected ones get a REJECTED view and history entry with the
 * reason. The final view of an ended execution comes back keyed by planId and frees the slot.
 */
public final class AdmissionProcessor implements Processor<String, Decoded<?>, String, Object> {

  private static final Logger LOG = LoggerFactory.getLogger(AdmissionProcessor.class);

  private final Children children;
  private final String slotsStore;
  private ProcessorContext<String, Object> context;
  private KeyValueStore<String, String> slots;

  /** Names of the child nodes this processor forwards to. */
  public record Children(
      String admissions, String executions, String history, String deadLetters) {}

  public AdmissionProcessor(String slotsStore, Children children) {
    this.slotsStore = slotsStore;
    this.children = children;
  }

  @Override
  public void init(ProcessorContext<String, Object> context) {
    this.context = context;
    this.slots = context.getStateStore(slotsStore);
  }

  @Override
  public void process(Record<String, Decoded<?>> record) {
    Decoded<?> decoded = record.value();
    if (decoded == null || (decoded.value() == null && !decoded.failed())) {
      return; // a tombstone means nothing on these topics
    }
    if (decoded.failed()) {
      deadLetter(record, decoded.error());
      return;
    }
    if (decoded.value() instanceof ExecutionRequested request) {
      admit(record, request);
    } else if (decoded.value() instanceof ExecutionUpdated ended) {
      release(record.key(), ended);
    }
  }

  private void admit(Record<String, Decoded<?>> record, ExecutionRequested request) {
    List<String> errors = RequestValidator.errors(record.key(), request);
    if (!errors.isEmpty()) {
      reject(record, request, "invalid request: " + String.join("; ", errors));
      return;
    }
    String running = slots.get(request.getPlanId());
    if (request.getExecutionId().equals(running)) {
      return; // the same request again: already admitted
    }
    if (running != null) {
      reject(
          record,
          request,
          "plan " + request.getPlanId() + " already has a running execution " + running);
      return;
    }
    slots.put(request.getPlanId(), request.getExecutionId());
    context.forward(
        new Record<String, Object>(request.getExecutionId(), request, record.timestamp()),
        children.admissions());
  }

  private void release(String planId, ExecutionUpdated ended) {
    if (planId != null && ended.getExecutionId().equals(slots.get(planId))) {
      slots.delete(planId);
    }
  }

  private void reject(
      Record<String, Decoded<?>> record, ExecutionRequested request, String reason) {
    LOG.info(
        "rejected execution {} of plan {}: {}", request.getExecutionId(), record.key(), reason);
    Instant now = Instant.ofEpochMilli(record.timestamp());
    Meta meta = new Meta(1, now, request.getId(), ExecutionRequested.class.getSimpleName());
    ExecutionState rejected = rejectedState(request, reason, now);
    ExecutionUpdated view = Views.view(rejected, meta);
    // A rejection is not the execution's first update if its id was already used: keep ids apart.
    view.setId(Ids.of("ExecutionUpdated", request.getExecutionId(), "rejected", request.getId()));
    ExecutionTransition transition =
        Views.transition(
            rejected, meta, 0, null, null, ExecutionStatus.REJECTED.name(), reason, List.of());
    transition.setId(
        Ids.of("ExecutionTransition", request.getExecutionId(), "rejected", request.getId()));
    String key = request.getExecutionId();
    context.forward(
        new Record<String, Object>(key, view, record.timestamp()), children.executions());
    context.forward(
        new Record<String, Object>(key, transition, record.timestamp()), children.history());
  }

  private static ExecutionState rejectedState(
      ExecutionRequested request, String reason, Instant now) {
    List<WaveState> waves =
        request.getWaves().stream()
            .map(
                (ExecutionWave w) ->
                    WaveState.pending(
                        w.getWaveId(),
                        w.getName(),
                        w.getRegion(),
                        w.getAccountId(),
                        w.getRoleArn(),
                        w.getSourceServerIds(),
                        w.getDependsOn(),
                        w.getTimeoutMinutes()))
            .toList();
    return new ExecutionState(
        request.getExecutionId(),
        request.getPlanId(),
        request.getPlanVersion(),
        request.getPlanName(),
        request.getMode(),
        request.getRequestedBy(),
        request.getId(),
        ExecutionStatus.REJECTED,
        reason,
        now,
        now,
        1,
        false,
        waves,
        request.getWaveTimeoutMinutes(),
        request.getExecutionTimeoutMinutes());
  }

  private void deadLetter(Record<String, Decoded<?>> record, Throwable reason) {
    LOG.warn("dead-lettered a record of plan {}: {}", record.key(), reason.toString());
    Record<String, byte[]> letter =
        DeadLetterRecords.of(record, context.recordMetadata().orElse(null), reason);
    context.forward(letter.<Object>withValue(letter.value()), children.deadLetters());
  }
}
