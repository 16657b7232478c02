package io.drsorch.scheduler.gate;

import io.drsorch.avro.JobSlotsReleased;
import io.drsorch.avro.LaunchWave;
import io.drsorch.avro.WaveCommand;
import io.drsorch.avro.WaveEvent;
import io.drsorch.avro.WaveLaunchDeferred;
import io.drsorch.scheduler.gate.QuotaGate.Outcome;
import io.drsorch.scheduler.safety.SizeGuard;
import io.drsorch.scheduler.safety.WriteTooLargeException;
import io.drsorch.scheduler.store.GateCodec;
import io.drsorch.scheduler.store.StoreGateBook;
import io.drsorch.scheduler.store.StoredGate;
import io.drsorch.scheduler.store.StoredGateEntry;
import io.drsorch.scheduler.topology.DeadLetterRecords;
import io.drsorch.scheduler.topology.Decoded;
import io.drsorch.schemas.runtime.TransientFailures;
import io.drsorch.schemas.topics.Topics;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place per account and region that lets launches through to DRS. Launch requests and slot
 * releases are both keyed {@code accountId/region}, so each account and region's {@link GateBook}
 * lives on one partition and is changed by one thread. Forwarded launches go to the launcher keyed
 * by executionId; deferrals go to the wave events so the execution shows why its wave waits. Under
 * exactly-once, the book's changes and both outputs commit with the input's offset.
 *
 * <p>A launch request that could write a record larger than the {@link SizeGuard} allows (its
 * LaunchWave, its place in line in the store, its deferral) is dead-lettered before anything of it
 * is written: its wave then times out, and no other launch of the account and region is stopped.
 *
 * <p>A release is never dead-lettered for size: its jobs would stay taken for good, and the account
 * and region would launch less and less, then nothing. What it writes to the store is small and of
 * fixed size. A launch it lets through whose LaunchWave is too large for the wave commands is set
 * aside instead of sent: released in its turn, so that its jobs go to the launches behind it (its
 * wave then times out, and the timeout's release is a no-op). A deferral too large to announce is
 * not announced.
 */
public final class GateProcessor implements Processor<String, Decoded<?>, String, Object> {

  private static final Logger LOG = LoggerFactory.getLogger(GateProcessor.class);

  private final QuotaGate gate;
  private final String storeName;
  private final String legacyStoreName;
  private final Children children;
  private final SizeGuard guard;
  private ProcessorContext<String, Object> context;
  private KeyValueStore<String, StoredGateEntry> store;
  private KeyValueStore<String, StoredGate> legacy;
  private String changelog;

  /** The gates whose figures this processor reported, to hand over when its task closes. */
  private final Set<String> reported = new HashSet<>();

  /** Names of the child nodes this processor forwards to. */
  public record Children(String waveCommands, String waveEvents, String deadLetters) {}

  /**
   * @param storeName the book's store
   * @param legacyStoreName the store of an earlier version's gates, moved into the book on their
   *     first input
   */
  public GateProcessor(
      QuotaGate gate,
      String storeName,
      String legacyStoreName,
      Children children,
      SizeGuard guard) {
    this.gate = gate;
    this.storeName = storeName;
    this.legacyStoreName = legacyStoreName;
    this.children = children;
    this.guard = guard;
  }

  @Override
  public void init(ProcessorContext<String, Object> context) {
    this.context = context;
    this.store = context.getStateStore(storeName);
    this.legacy = context.getStateStore(legacyStoreName);
    this.changelog = context.applicationId() + "-" + storeName + "-changelog";
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
    Instant now = Instant.ofEpochMilli(record.timestamp());
    try {
      if (decoded.value() instanceof LaunchWave launch) {
        Optional<String> tooLarge = tooLarge(launch);
        if (tooLarge.isPresent()) {
          deadLetter(record, new WriteTooLargeException("not applied: " + tooLarge.get()));
          return;
        }
        String key = GateKey.of(launch.getAccountId(), launch.getRegion());
        GateBook book = StoreGateBook.open(store, legacy, key);
        write(key, book, gate.request(book, launch, now), record.timestamp());
      } else if (decoded.value() instanceof JobSlotsReleased released) {
        String key = GateKey.of(released.getAccountId(), released.getRegion());
        GateBook book = StoreGateBook.open(store, legacy, key);
        Outcome outcome = gate.release(book, released, now);
        write(key, book, sendable(book, outcome, released, now), record.timestamp());
      }
    } catch (RuntimeException e) {
      if (TransientFailures.isOfTheMoment(e)) {
        throw e;
      }
      // Not of the moment: the input's fault (a field the gate cannot use; the gate reads it before
      // changing the book), so it goes aside and the account and region go on.
      deadLetter(record, e);
    }
  }

  @Override
  public void close() {
    GateMetrics.handedOver(reported);
    reported.clear();
  }

  private void write(String key, GateBook book, Outcome outcome, long timestamp) {
    GateMetrics.wrote(key, book.activeJobs(), book.queued());
    reported.add(key);
    for (LaunchWave launch : outcome.launches()) {
      context.forward(
          new Record<String, Object>(launch.getExecutionId(), new WaveCommand(launch), timestamp),
          children.waveCommands());
    }
    for (WaveLaunchDeferred deferral : outcome.deferrals()) {
      context.forward(
          new Record<String, Object>(deferral.getExecutionId(), new WaveEvent(deferral), timestamp),
          children.waveEvents());
    }
  }

  /**
   * Why a launch request must not be applied, if a record it could write is too large: its
   * LaunchWave, its place in line, or its deferral (measured at a place far down the line).
   */
  private Optional<String> tooLarge(LaunchWave launch) {
    WaveLaunchDeferred deferral =
        gate.deferral(
            new GateBook.Waiting(launch, Integer.MAX_VALUE),
            Integer.MAX_VALUE,
            Integer.MAX_VALUE,
            launch.getId(),
            launch.getOccurredAt());
    return guard
        .check()
        .add(Topics.WAVE_COMMANDS.name(), "a LaunchWave", new WaveCommand(launch))
        .add(
            changelog,
            "its place in the quota gate's line",
            new StoredGateEntry(null, null, GateCodec.toStored(launch, Integer.MAX_VALUE)))
        .add(Topics.WAVE_EVENTS.name(), "a WaveLaunchDeferred", new WaveEvent(deferral))
        .problem();
  }

  /**
   * A release's outcome with what cannot be written left out. A launch too large to send is set
   * aside: released in its turn (so that it is never launched, and the launches behind it get its
   * jobs), which may let more launches through, each checked the same way. A deferral too large to
   * announce is dropped.
   */
  private Outcome sendable(GateBook book, Outcome outcome, JobSlotsReleased release, Instant now) {
    List<LaunchWave> launches = new ArrayList<>();
    Map<String, WaveLaunchDeferred> deferrals = new LinkedHashMap<>();
    outcome.deferrals().forEach(d -> deferrals.put(d.getRequestId(), d));
    Deque<LaunchWave> toSend = new ArrayDeque<>(outcome.launches());
    while (!toSend.isEmpty()) {
      LaunchWave launch = toSend.removeFirst();
      Optional<String> tooLarge =
          guard
              .check()
              .add(Topics.WAVE_COMMANDS.name(), "a LaunchWave", new WaveCommand(launch))
              .problem();
      if (tooLarge.isEmpty()) {
        launches.add(launch);
        continue;
      }
      LOG.error(
          "launch {} set aside, its wave will time out: {}", launch.getRequestId(), tooLarge.get());
      JobSlotsReleased setAside =
          JobSlotsReleased.newBuilder(release).setRequestId(launch.getRequestId()).build();
      Outcome freed = gate.release(book, setAside, now);
      toSend.addAll(freed.launches());
      // A later place in line replaces an earlier one.
      freed.deferrals().forEach(d -> deferrals.put(d.getRequestId(), d));
    }
    List<WaveLaunchDeferred> announced = new ArrayList<>();
    for (WaveLaunchDeferred deferral : deferrals.values()) {
      Optional<String> tooLarge =
          guard
              .check()
              .add(Topics.WAVE_EVENTS.name(), "a WaveLaunchDeferred", new WaveEvent(deferral))
              .problem();
      if (tooLarge.isPresent()) {
        LOG.error("deferral of {} not announced: {}", deferral.getRequestId(), tooLarge.get());
      } else if (book.status(deferral.getRequestId()).orElse(null) == GateBook.Status.QUEUED) {
        announced.add(deferral);
      }
    }
    return new Outcome(launches, announced);
  }

  private void deadLetter(Record<String, Decoded<?>> record, Throwable reason) {
    LOG.warn("dead-lettered a record of {}: {}", record.key(), reason.toString());
    Record<String, byte[]> letter =
        DeadLetterRecords.of(
            record,
            context.recordMetadata().orElse(null),
            reason,
            guard.limitFor(Topics.DEAD_LETTERS));
    context.forward(letter.<Object>withValue(letter.value()), children.deadLetters());
  }
}
