package io.drsorch.scheduler.gate;

import io.drsorch.avro.GateLimit;
import io.drsorch.avro.JobSlotsReleased;
import io.drsorch.avro.LaunchWave;
import io.drsorch.avro.WaveCommand;
import io.drsorch.avro.WaveEvent;
import io.drsorch.avro.WaveLaunchDeferred;
import io.drsorch.scheduler.gate.QuotaGate.Outcome;
import io.drsorch.scheduler.gate.QuotaGate.Usage;
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
 * The one place per account and region that lets DRS jobs start: wave launches and drill cleanups'
 * terminations. Both come on the launch requests topic, in the order the execution side wrote them,
 * and slot releases on theirs; all are keyed {@code accountId/region}, so each account and region's
 * {@link GateBook} lives on one partition and is changed by one thread. Forwarded commands go to
 * the launcher keyed by executionId; deferrals go to the wave events so the execution shows why its
 * wave waits. Under exactly-once, the book's changes and both outputs commit with the input's
 * offset.
 *
 * <p>A request that could write a record larger than the {@link SizeGuard} allows (its command, its
 * place in line in the store, its deferral) is dead-lettered before anything of it is written: a
 * wave then times out, and no other request of the account and region is stopped.
 *
 * <p>A release is never dead-lettered for size: its jobs and locks would stay taken for good, and
 * the account and region would launch less and less, then nothing. What it writes to the store is
 * small. A command it lets through that is too large for the wave commands is set aside instead of
 * sent: released in its turn, so that its jobs go to the requests behind it (a wave then times out,
 * and the timeout's release is a no-op). A deferral too large to announce is not announced.
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
      Optional<GateCommand> command = GateCommand.of(decoded.value());
      if (command.isPresent()) {
        Optional<String> tooLarge = tooLarge(command.get());
        if (tooLarge.isPresent()) {
          deadLetter(record, new WriteTooLargeException("not applied: " + tooLarge.get()));
          return;
        }
        String key = GateKey.of(command.get().accountId(), command.get().region());
        GateBook book = StoreGateBook.open(store, legacy, key);
        write(key, book, gate.request(book, command.get(), now), record.timestamp());
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
    GateMetrics.wrote(key, book.activeJobs(), book.activeServers(), book.queued());
    reported.add(key);
    for (GateCommand command : outcome.admitted()) {
      context.forward(
          new Record<String, Object>(command.executionId(), command.toWaveCommand(), timestamp),
          children.waveCommands());
    }
    for (WaveLaunchDeferred deferral : outcome.deferrals()) {
      context.forward(
          new Record<String, Object>(deferral.getExecutionId(), new WaveEvent(deferral), timestamp),
          children.waveEvents());
    }
  }

  /**
   * Why a request must not be applied, if a record it could write is too large: its command, its
   * place in line (larger than its entry while active, which holds its servers only), or a launch's
   * deferral (measured far down the line, every server locked).
   */
  private Optional<String> tooLarge(GateCommand command) {
    SizeGuard.Check check =
        guard
            .check()
            .add(Topics.WAVE_COMMANDS.name(), what(command), command.toWaveCommand())
            .add(
                changelog,
                "its place in the quota gate's line",
                GateCodec.toEntry(command, Integer.MAX_VALUE));
    if (command instanceof GateCommand.Launch launch) {
      LaunchWave l = launch.launch();
      WaveLaunchDeferred deferral =
          gate.deferral(
              l,
              Integer.MAX_VALUE,
              Integer.MAX_VALUE,
              new Hold(GateLimit.SERVER_LOCK, l.getSourceServerIds()),
              new Usage(Integer.MAX_VALUE, Integer.MAX_VALUE),
              l.getId(),
              l.getOccurredAt());
      check.add(Topics.WAVE_EVENTS.name(), "a WaveLaunchDeferred", new WaveEvent(deferral));
    }
    return check.problem();
  }

  private static String what(GateCommand command) {
    return command instanceof GateCommand.Launch ? "a LaunchWave" : "a TerminateRecoveryInstances";
  }

  /**
   * A release's outcome with what cannot be written left out. A command too large to send is set
   * aside: released in its turn (so that it is never sent, and the requests behind it get its jobs
   * and servers), which may let more through, each checked the same way. A deferral too large to
   * announce is dropped.
   */
  private Outcome sendable(GateBook book, Outcome outcome, JobSlotsReleased release, Instant now) {
    List<GateCommand> sent = new ArrayList<>();
    Map<String, WaveLaunchDeferred> deferrals = new LinkedHashMap<>();
    outcome.deferrals().forEach(d -> deferrals.put(d.getRequestId(), d));
    Deque<GateCommand> toSend = new ArrayDeque<>(outcome.admitted());
    while (!toSend.isEmpty()) {
      GateCommand command = toSend.removeFirst();
      WaveCommand wire = command.toWaveCommand();
      Optional<String> tooLarge =
          guard.check().add(Topics.WAVE_COMMANDS.name(), what(command), wire).problem();
      if (tooLarge.isEmpty()) {
        sent.add(command);
        continue;
      }
      LOG.error("request {} set aside, never sent: {}", command.requestId(), tooLarge.get());
      JobSlotsReleased setAside =
          JobSlotsReleased.newBuilder(release).setRequestId(command.requestId()).build();
      Outcome freed = gate.release(book, setAside, now);
      toSend.addAll(freed.admitted());
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
    return new Outcome(sent, announced);
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
