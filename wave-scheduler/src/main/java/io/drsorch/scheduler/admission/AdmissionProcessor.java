package io.drsorch.scheduler.admission;

import io.drsorch.avro.ExecutionRequested;
import io.drsorch.avro.ExecutionUpdated;
import io.drsorch.planmodel.validation.Formats;
import io.drsorch.scheduler.execution.Rejection;
import io.drsorch.scheduler.safety.SizeGuard;
import io.drsorch.scheduler.safety.WriteTooLargeException;
import io.drsorch.scheduler.topology.DeadLetterRecords;
import io.drsorch.scheduler.topology.Decoded;
import io.drsorch.schemas.topics.Topics;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
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
 *
 * <p>Whatever a request holds, what it costs here stays small: the {@link RequestValidator} checks
 * its size before its content, a rejected request's view lists its waves only when there are few
 * enough and they fit, and a request larger than the {@link SizeGuard}'s bound is rejected rather
 * than passed on (the admissions topic would refuse it at commit). A request whose execution id
 * cannot key a view is dead-lettered.
 */
public final class AdmissionProcessor implements Processor<String, Decoded<?>, String, Object> {

  private static final Logger LOG = LoggerFactory.getLogger(AdmissionProcessor.class);

  /** A reason lists up to 100 errors: the log takes its head. */
  private static final int MAX_LOGGED_REASON = 1000;

  private final Children children;
  private final String slotsStore;
  private final SizeGuard guard;
  private ProcessorContext<String, Object> context;
  private KeyValueStore<String, String> slots;

  /** Names of the child nodes this processor forwards to. */
  public record Children(
      String admissions, String executions, String history, String deadLetters) {}

  public AdmissionProcessor(String slotsStore, Children children, SizeGuard guard) {
    this.slotsStore = slotsStore;
    this.children = children;
    this.guard = guard;
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
    if (!RequestValidator.hasUsableExecutionId(request)) {
      // No id to key a REJECTED view by: only the dead-letter topic can take it.
      deadLetter(
          record, new IllegalArgumentException("invalid request: " + String.join("; ", errors)));
      return;
    }
    if (!errors.isEmpty()) {
      reject(record, request, "invalid request: " + String.join("; ", errors));
      return;
    }
    Optional<String> notReady = PreflightGate.refusal(request);
    if (notReady.isPresent()) {
      reject(record, request, notReady.get());
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
    Optional<String> tooLarge =
        guard.check().add(Topics.SCHEDULER_ADMISSIONS.name(), "the request", request).problem();
    if (tooLarge.isPresent()) {
      reject(record, request, "not admitted: " + tooLarge.get());
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
        "rejected execution {} of plan {}: {}",
        request.getExecutionId(),
        Formats.shown(request.getPlanId()),
        reason.length() <= MAX_LOGGED_REASON
            ? reason
            : reason.substring(0, MAX_LOGGED_REASON) + "...");
    Instant now = Instant.ofEpochMilli(record.timestamp());
    Rejection rejection = rejection(request, reason, now);
    Optional<String> tooLarge = tooLarge(rejection);
    if (tooLarge.isPresent()) {
      deadLetter(record, new WriteTooLargeException("not rejected: " + tooLarge.get()));
      return;
    }
    String key = request.getExecutionId();
    context.forward(
        new Record<String, Object>(key, rejection.view(), record.timestamp()),
        children.executions());
    context.forward(
        new Record<String, Object>(key, rejection.transition(), record.timestamp()),
        children.history());
  }

  /**
   * The rejection with the request's waves, all PENDING, as long as the request is within the
   * bounds of its size and the view fits; without them otherwise (a request of 17,000 waves must
   * not come back as a view of 17,000 waves).
   */
  private Rejection rejection(ExecutionRequested request, String reason, Instant now) {
    if (RequestValidator.isWithinSizeLimits(request)) {
      Rejection withWaves = Rejection.of(request, reason, now, true);
      Optional<String> tooLarge = tooLarge(withWaves);
      if (tooLarge.isEmpty()) {
        return withWaves;
      }
      return Rejection.of(
          request, reason + " (its waves are not listed: " + tooLarge.get() + ")", now, false);
    }
    return Rejection.of(request, reason, now, false);
  }

  private Optional<String> tooLarge(Rejection rejection) {
    return guard
        .check()
        .add(Topics.EXECUTIONS.name(), "the REJECTED view", rejection.view())
        .add(Topics.EXECUTION_HISTORY.name(), "its ExecutionTransition", rejection.transition())
        .problem();
  }

  private void deadLetter(Record<String, Decoded<?>> record, Throwable reason) {
    LOG.warn("dead-lettered a record of plan {}: {}", record.key(), reason.toString());
    Record<String, byte[]> letter =
        DeadLetterRecords.of(
            record,
            context.recordMetadata().orElse(null),
            reason,
            guard.limitFor(Topics.DEAD_LETTERS));
    context.forward(letter.<Object>withValue(letter.value()), children.deadLetters());
  }
}
