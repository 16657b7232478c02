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
import io.drsorch.scheduler.store.StoredGate;
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
 * releases are both keyed {@code accountId/region}, so each account and region's {@link GateState}
 * lives on one partition and is changed by one thread. Forwarded launches go to the launcher keyed
 * by executionId; deferrals go to the wave events so the execution shows why its wave waits. Under
 * exactly-once, the state and both outputs commit with the input's offset.
 *
 * <p>A launch request whose outcome would write a record larger than the {@link SizeGuard} allows
 * is dead-lettered and nothing of it is written. The gate's state holds every queued launch of its
 * account and region, server ids included, so many large waves queued at once could reach the
 * bound: the launch that would overflow it is set aside (its wave then times out) instead of
 * stopping every launch of the account and region. A request must leave {@link #RELEASE_ROOM} bytes
 * free in the state, for the releases to come.
 *
 * <p>A release is never dead-lettered for size: its jobs would stay taken for good, and the account
 * and region would launch less and less, then nothing. Its state needs at most what the state
 * before it took plus one remembered request id (the slot or queued launch it frees held the same
 * id), so it fits in the room requests leave. A launch it lets through whose LaunchWave is too
 * large for the wave commands is set aside instead of sent: released in its turn, so that its jobs
 * go to the launches behind it (its wave then times out, and the timeout's release is a no-op). A
 * deferral too large to announce is not announced. Should the state still not fit (a bound learnt
 * from a refusal, lower than the state the broker took before), it is written anyway: the broker
 * decides, and losing the release would certainly block the account and region.
 */
public final class GateProcessor implements Processor<String, Decoded<?>, String, Object> {

  private static final Logger LOG = LoggerFactory.getLogger(GateProcessor.class);

  /**
   * Bytes a launch request leaves free under the bound of the gate's state, for releases: a release
   * adds one remembered request id (under 200 bytes: two ids of 64 characters, an attempt and a
   * time), usually freeing an entry that held the same id; this leaves room for several that
   * overtook their requests.
   */
  static final int RELEASE_ROOM = 1024;

  private final QuotaGate gate;
  private final String storeName;
  private final Children children;
  private final SizeGuard guard;
  private ProcessorContext<String, Object> context;
  private KeyValueStore<String, StoredGate> store;
  private String changelog;

  /** Names of the child nodes this processor forwards to. */
  public record Children(String waveCommands, String waveEvents, String deadLetters) {}

  public GateProcessor(QuotaGate gate, String storeName, Children children, SizeGuard guard) {
    this.gate = gate;
    this.storeName = storeName;
    this.children = children;
    this.guard = guard;
  }

  @Override
  public void init(ProcessorContext<String, Object> context) {
    this.context = context;
    this.store = context.getStateStore(storeName);
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
    String key;
    Outcome outcome;
    try {
      if (decoded.value() instanceof LaunchWave launch) {
        key = GateKey.of(launch.getAccountId(), launch.getRegion());
        outcome = gate.request(load(key), launch, now);
      } else if (decoded.value() instanceof JobSlotsReleased released) {
        key = GateKey.of(released.getAccountId(), released.getRegion());
        outcome = gate.release(load(key), released, now);
      } else {
        return;
      }
    } catch (RuntimeException e) {
      if (TransientFailures.isOfTheMoment(e)) {
        throw e;
      }
      deadLetter(record, e);
      return;
    }
    if (decoded.value() instanceof JobSlotsReleased released) {
      write(key, writable(outcome, released, now), record.timestamp());
      return;
    }
    Optional<String> tooLarge = tooLarge(outcome);
    if (tooLarge.isPresent()) {
      deadLetter(record, new WriteTooLargeException("not applied: " + tooLarge.get()));
      return;
    }
    write(key, outcome, record.timestamp());
  }

  private void write(String key, Outcome outcome, long timestamp) {
    store.put(key, GateCodec.toStored(outcome.state()));
    GateMetrics.wrote(key, outcome.state());
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

  /** Why a launch request's outcome must not be written, if a record of it is too large. */
  private Optional<String> tooLarge(Outcome outcome) {
    SizeGuard.Check check =
        guard
            .check()
            .addLeavingRoom(
                changelog,
                "the quota gate's state",
                GateCodec.toStored(outcome.state()),
                RELEASE_ROOM);
    outcome
        .launches()
        .forEach(l -> check.add(Topics.WAVE_COMMANDS.name(), "a LaunchWave", new WaveCommand(l)));
    outcome
        .deferrals()
        .forEach(
            d -> check.add(Topics.WAVE_EVENTS.name(), "a WaveLaunchDeferred", new WaveEvent(d)));
    return check.problem();
  }

  /**
   * A release's outcome with what cannot be written left out. A launch too large to send is set
   * aside: released in its turn (so that it is never launched, and the launches behind it get its
   * jobs), which may let more launches through, each checked the same way. A deferral too large to
   * announce is dropped. The state is written whatever its size (see above).
   */
  private Outcome writable(Outcome outcome, JobSlotsReleased release, Instant now) {
    GateState state = outcome.state();
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
      Outcome freed = gate.release(state, setAside, now);
      state = freed.state();
      toSend.addAll(freed.launches());
      // A later place in line replaces an earlier one.
      freed.deferrals().forEach(d -> deferrals.put(d.getRequestId(), d));
    }
    Set<String> queued = new HashSet<>();
    state.queue().forEach(q -> queued.add(q.requestId()));
    List<WaveLaunchDeferred> announced = new ArrayList<>();
    for (WaveLaunchDeferred deferral : deferrals.values()) {
      Optional<String> tooLarge =
          guard
              .check()
              .add(Topics.WAVE_EVENTS.name(), "a WaveLaunchDeferred", new WaveEvent(deferral))
              .problem();
      if (tooLarge.isPresent()) {
        LOG.error("deferral of {} not announced: {}", deferral.getRequestId(), tooLarge.get());
      } else if (queued.contains(deferral.getRequestId())) {
        announced.add(deferral);
      }
    }
    guard
        .check()
        .add(changelog, "the quota gate's state", GateCodec.toStored(state))
        .problem()
        .ifPresent(
            problem -> LOG.error("a release's gate state written all the same: {}", problem));
    return new Outcome(state, launches, announced);
  }

  private GateState load(String key) {
    StoredGate stored = store.get(key);
    return stored == null ? GateState.EMPTY : GateCodec.fromStored(stored);
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
