package io.drsorch.scheduler.execution;

import io.drsorch.avro.ExecutionCommand;
import io.drsorch.avro.ExecutionRequested;
import io.drsorch.avro.ExecutionUpdated;
import io.drsorch.avro.JobSlotsReleased;
import io.drsorch.avro.LaunchWave;
import io.drsorch.avro.RunWaveAction;
import io.drsorch.avro.TerminateRecoveryInstances;
import io.drsorch.avro.WaveCommand;
import io.drsorch.avro.WaveEvent;
import io.drsorch.scheduler.core.Decider;
import io.drsorch.scheduler.core.ExecutionEvent;
import io.drsorch.scheduler.core.ExecutionEvent.Meta;
import io.drsorch.scheduler.core.ExecutionState;
import io.drsorch.scheduler.core.Tick;
import io.drsorch.scheduler.gate.GateKey;
import io.drsorch.scheduler.publication.Publication;
import io.drsorch.scheduler.publication.Views;
import io.drsorch.scheduler.safety.SizeGuard;
import io.drsorch.scheduler.safety.WriteTooLargeException;
import io.drsorch.scheduler.store.StateCodec;
import io.drsorch.scheduler.store.StoredExecution;
import io.drsorch.scheduler.topology.DeadLetterRecords;
import io.drsorch.scheduler.topology.Decoded;
import io.drsorch.schemas.runtime.TransientFailures;
import io.drsorch.schemas.topics.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs executions: for each input it loads the execution's state, asks the {@link Decider}, and in
 * the same step stores the evolved state and publishes what the events mean (LaunchWave requests
 * and slot releases for the quota gate, transitions, the view, the plan's release). LaunchWave
 * never goes straight to the launcher: the gate decides when DRS has capacity for it. Under
 * exactly-once all of it commits together with the input's offset.
 *
 * <p>A wall-clock punctuator fires due timers (launch retries after backoff, wave timeouts). Timers
 * live in their own small store (executionId -> due epoch millis) so that a tick reads only the
 * executions that wait for something, not every execution ever run.
 *
 * <p>A record that cannot be decoded, or whose decision throws, goes to the dead-letter topic and
 * the next record is processed. So does a record whose decision would write a record larger than
 * the {@link SizeGuard} allows: nothing of it is written, since the broker would refuse the write
 * only at commit, and the same record would then fail again and again. Every record is measured
 * against the limit of the topic it goes to, which also encodes it, so a value that cannot be
 * encoded is found before anything is written. A request is checked for the state its execution can
 * grow to ({@link LargestState}): one that would not fit is REJECTED with the reason, and its plan
 * is freed at once. A due timer is handled the same way, except that it has no record to
 * dead-letter: one that fails is logged and dropped, and the other timers fire.
 *
 * <p>Failures of the infrastructure while reading or writing (the registry or the network
 * unreachable, a store's I/O, a send that failed) propagate: the transaction aborts, the stream
 * thread is replaced and the record or timer is tried again, because it is fine. These are never
 * charged to the record (see {@code Faults}), so the quarantine does not set it aside: it waits for
 * the infrastructure to come back.
 */
public final class ExecutionProcessor implements Processor<String, Decoded<?>, String, Object> {

  private static final Logger LOG = LoggerFactory.getLogger(ExecutionProcessor.class);

  private final Decider decider;
  private final Duration tick;
  private final Stores stores;
  private final Children children;
  private final SizeGuard guard;
  private final LargestState largest;
  private ProcessorContext<String, Object> context;
  private String changelog;
  private KeyValueStore<String, StoredExecution> executions;
  private KeyValueStore<String, Long> timers;

  /** Names of the state stores this processor uses. */
  public record Stores(String executions, String timers) {}

  /** Names of the child nodes this processor forwards to. */
  public record Children(
      String launchRequests,
      String waveCommands,
      String jobSlots,
      String executions,
      String history,
      String releases,
      String deadLetters) {}

  public ExecutionProcessor(
      Decider decider,
      Duration tick,
      Stores stores,
      Children children,
      SizeGuard guard,
      LargestState largest) {
    this.decider = decider;
    this.tick = tick;
    this.stores = stores;
    this.children = children;
    this.guard = guard;
    this.largest = largest;
  }

  @Override
  public void init(ProcessorContext<String, Object> context) {
    this.context = context;
    this.executions = context.getStateStore(stores.executions());
    this.timers = context.getStateStore(stores.timers());
    this.changelog = context.applicationId() + "-" + stores.executions() + "-changelog";
    context.schedule(tick, PunctuationType.WALL_CLOCK_TIME, this::fireTimers);
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
    Object input = unwrap(decoded.value());
    Instant now = Instant.ofEpochMilli(record.timestamp());
    ExecutionState state;
    List<ExecutionEvent> events;
    Publication publication;
    try {
      // Pure part: a failure here is the record's fault, so it is dead-lettered.
      state = load(executionIdOf(input));
      events = decider.decide(state, input, now);
      publication = events.isEmpty() ? null : Publication.of(state, events);
    } catch (RuntimeException e) {
      if (TransientFailures.isOfTheMoment(e)) {
        throw e;
      }
      deadLetter(record, e);
      return;
    }
    if (publication != null) {
      boolean starts = state == null && input instanceof ExecutionRequested;
      Optional<String> tooLarge =
          (starts ? tooLargeAtItsLargest(publication) : Optional.<String>empty())
              .or(() -> tooLarge(publication));
      if (tooLarge.isPresent()) {
        if (starts) {
          reject(record, (ExecutionRequested) input, "not admitted: " + tooLarge.get(), now);
        } else {
          deadLetter(record, new WriteTooLargeException("not applied: " + tooLarge.get()));
        }
        return;
      }
      publish(publication, record.timestamp());
    } else if (input instanceof ExecutionRequested request && state != null && !state.isLive()) {
      // The request of an ended execution came again and took the plan's slot: free it again.
      Meta meta = new Meta(state.sequence(), now, request.getId(), "ExecutionRequested");
      ExecutionUpdated release = Publication.release(Views.view(state, meta));
      Optional<String> tooLarge =
          guard
              .check()
              .add(Topics.SCHEDULER_RELEASES.name(), "the plan's release", release)
              .problem();
      if (tooLarge.isPresent()) {
        deadLetter(record, new WriteTooLargeException("plan not released: " + tooLarge.get()));
        return;
      }
      forward(state.planId(), release, record.timestamp(), children.releases());
    }
  }

  private void fireTimers(long wallClockMillis) {
    List<String> due = new ArrayList<>();
    try (KeyValueIterator<String, Long> all = timers.all()) {
      while (all.hasNext()) {
        KeyValue<String, Long> timer = all.next();
        if (timer.value <= wallClockMillis) {
          due.add(timer.key);
        }
      }
    }
    Instant now = Instant.ofEpochMilli(wallClockMillis);
    for (String executionId : due) {
      Publication publication;
      try {
        // Everything the timer's own data can make fail, all before anything is written: its
        // state read back, the decision, and the records measured (which encodes each of them).
        publication = fire(executionId, now);
      } catch (RuntimeException e) {
        if (TransientFailures.isOfTheMoment(e) || e instanceof StreamsException) {
          throw e; // the infrastructure (the Streams runtime's own: a store, a send)
        }
        // A punctuation has no source record to charge or dead-letter: failing would replace the
        // thread and the same timer would fail again at the next tick, for ever.
        LOG.error("timer of execution {} failed; dropping the timer", executionId, e);
        timers.delete(executionId);
        continue;
      }
      if (publication != null) {
        // Only the infrastructure can fail here: it aborts the transaction, as for a record.
        publish(publication, wallClockMillis);
      }
    }
  }

  /**
   * What the due timer of {@code executionId} publishes; null when it publishes nothing.
   *
   * @throws WriteTooLargeException when a record it would write is too large
   */
  private Publication fire(String executionId, Instant now) {
    ExecutionState state = load(executionId);
    List<ExecutionEvent> events = decider.decide(state, new Tick(executionId, now), now);
    if (events.isEmpty()) {
      updateTimer(executionId, state);
      return null;
    }
    Publication publication = Publication.of(state, events);
    Optional<String> tooLarge = tooLarge(publication);
    if (tooLarge.isPresent()) {
      throw new WriteTooLargeException("not applied: " + tooLarge.get());
    }
    return publication;
  }

  /** Why the records of {@code p} must not be written, if one is too large. */
  private Optional<String> tooLarge(Publication p) {
    SizeGuard.Check check =
        guard
            .check()
            .add(changelog, "the execution's state", StateCodec.toStored(p.state()))
            .add(Topics.EXECUTIONS.name(), "the ExecutionUpdated view", p.view());
    p.transitions()
        .forEach(t -> check.add(Topics.EXECUTION_HISTORY.name(), "an ExecutionTransition", t));
    p.launches()
        .forEach(l -> check.add(Topics.SCHEDULER_LAUNCH_REQUESTS.name(), "a LaunchWave", l));
    // A termination goes to the quota gate, which forwards it to the launcher as it is.
    p.terminations()
        .forEach(
            t ->
                check
                    .add(Topics.SCHEDULER_LAUNCH_REQUESTS.name(), "a TerminateRecoveryInstances", t)
                    .add(
                        Topics.WAVE_COMMANDS.name(),
                        "a TerminateRecoveryInstances",
                        new WaveCommand(t)));
    p.actions()
        .forEach(
            a -> check.add(Topics.WAVE_COMMANDS.name(), "a RunWaveAction", new WaveCommand(a)));
    p.slotReleases()
        .forEach(r -> check.add(Topics.SCHEDULER_JOB_SLOTS.name(), "a JobSlotsReleased", r));
    check.add(Topics.SCHEDULER_RELEASES.name(), "the plan's release", p.release());
    return check.problem();
  }

  /**
   * Why the execution that {@code start} begins must not run: its state could outgrow the bound.
   */
  private Optional<String> tooLargeAtItsLargest(Publication start) {
    ExecutionState grown = largest.of(start.state());
    Meta meta = new Meta(grown.sequence(), grown.startedAt(), grown.requestId(), "");
    return guard
        .check()
        .add(changelog, "the execution's state at its largest", StateCodec.toStored(grown))
        .add(Topics.EXECUTIONS.name(), "its view at its largest", Views.view(grown, meta))
        .problem();
  }

  /**
   * Ends a request that cannot run: a REJECTED view without waves (they would make it as large as
   * what did not fit), its history entry, and the view to the admission side, which frees the plan.
   * Should the view or the entry not fit their topics either, the request is dead-lettered with
   * both reasons, and only the release (a view without waves, far smaller) is written: the plan
   * must not stay held by an execution that never runs.
   */
  private void reject(
      Record<String, Decoded<?>> record, ExecutionRequested request, String reason, Instant now) {
    LOG.warn(
        "rejected execution {} of plan {}: {}",
        request.getExecutionId(),
        request.getPlanId(),
        reason);
    long timestamp = record.timestamp();
    Rejection rejection = Rejection.of(request, reason, now, false);
    ExecutionUpdated release = Publication.release(rejection.view());
    String executionId = request.getExecutionId();
    Optional<String> tooLarge =
        guard
            .check()
            .add(Topics.EXECUTION_HISTORY.name(), "the REJECTED transition", rejection.transition())
            .add(Topics.EXECUTIONS.name(), "the REJECTED view", rejection.view())
            .problem();
    if (tooLarge.isPresent()) {
      deadLetter(record, new WriteTooLargeException(reason + "; not rejected: " + tooLarge.get()));
    } else {
      forward(executionId, rejection.transition(), timestamp, children.history());
      ExecutionMetrics.published(null, List.of(rejection.transition()));
      forward(executionId, rejection.view(), timestamp, children.executions());
    }
    Optional<String> releaseTooLarge =
        guard
            .check()
            .add(Topics.SCHEDULER_RELEASES.name(), "the plan's release", release)
            .problem();
    if (releaseTooLarge.isPresent()) {
      // Nothing smaller can free the plan: it stays held, and the log says which.
      LOG.error(
          "plan {} not released after rejecting execution {}: {}",
          request.getPlanId(),
          executionId,
          releaseTooLarge.get());
      return;
    }
    forward(request.getPlanId(), release, timestamp, children.releases());
  }

  private void publish(Publication p, long timestamp) {
    ExecutionState state = p.state();
    String executionId = state.executionId();
    executions.put(executionId, StateCodec.toStored(state));
    updateTimer(executionId, state);
    // Releases first: when the gate reads both in write order, it frees capacity before it sees
    // this decision's new launches (the waves that the freed ones were holding back).
    for (JobSlotsReleased released : p.slotReleases()) {
      String key = GateKey.of(released.getAccountId(), released.getRegion());
      forward(key, released, timestamp, children.jobSlots());
    }
    for (LaunchWave launch : p.launches()) {
      String key = GateKey.of(launch.getAccountId(), launch.getRegion());
      forward(key, launch, timestamp, children.launchRequests());
    }
    // A drill cleanup's terminations start TERMINATE jobs, which DRS counts against the quotas and
    // which lock their servers: they pass the quota gate, after this decision's launches.
    for (TerminateRecoveryInstances terminate : p.terminations()) {
      String key = GateKey.of(terminate.getAccountId(), terminate.getRegion());
      forward(key, terminate, timestamp, children.launchRequests());
    }
    // Wave actions go straight to the edge that performs them, keyed by executionId.
    for (RunWaveAction action : p.actions()) {
      forward(executionId, new WaveCommand(action), timestamp, children.waveCommands());
    }
    p.transitions().forEach(t -> forward(executionId, t, timestamp, children.history()));
    ExecutionMetrics.published(state, p.transitions());
    forward(executionId, p.view(), timestamp, children.executions());
    if (p.release() != null) {
      forward(state.planId(), p.release(), timestamp, children.releases());
    }
  }

  private void updateTimer(String executionId, ExecutionState state) {
    decider
        .nextTimer(state)
        .ifPresentOrElse(
            at -> timers.put(executionId, at.toEpochMilli()), () -> timers.delete(executionId));
  }

  private ExecutionState load(String executionId) {
    StoredExecution stored = executions.get(executionId);
    return stored == null ? null : StateCodec.fromStored(stored);
  }

  private void forward(String key, Object value, long timestamp, String child) {
    context.forward(new Record<>(key, value, timestamp), child);
  }

  private void deadLetter(Record<String, Decoded<?>> record, Throwable reason) {
    LOG.warn("dead-lettered a record of execution {}: {}", record.key(), reason.toString());
    Record<String, byte[]> letter =
        DeadLetterRecords.of(
            record,
            context.recordMetadata().orElse(null),
            reason,
            guard.limitFor(Topics.DEAD_LETTERS));
    context.forward(letter.<Object>withValue(letter.value()), children.deadLetters());
  }

  /** The command or event inside a topic envelope. */
  private static Object unwrap(Object value) {
    if (value instanceof ExecutionCommand command) {
      return command.getCommand();
    }
    if (value instanceof WaveEvent event) {
      return event.getEvent();
    }
    return value;
  }

  /** Every input names its execution; the record key only routes it to this partition. */
  private static String executionIdOf(Object input) {
    SpecificRecord record = (SpecificRecord) input;
    Object id = record.get(record.getSchema().getField("executionId").pos());
    return id.toString();
  }
}
