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
import io.drsorch.scheduler.topology.LenientDeserializer;
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
 * The one place per account and region that lets launches through to DRS. Launch requests and slot
 * releases are both keyed {@code accountId/region}, so each account and region's {@link GateState}
 * lives on one partition and is changed by one thread. Forwarded launches go to the launcher keyed
 * by executionId; deferrals go to the wave events so the execution shows why its wave waits. Under
 * exactly-once, the state and both outputs commit with the input's offset.
 *
 * <p>An input whose outcome would write a record larger than the {@link SizeGuard} allows is
 * dead-lettered and nothing of it is written. The gate's state holds every queued launch of its
 * account and region, server ids included, so many large waves queued at once could reach the
 * bound: the launch that would overflow it is set aside (its wave then times out) instead of
 * stopping every launch of the account and region.
 */
public final class GateProcessor implements Processor<String, Decoded<?>, String, Object> {

  private static final Logger LOG = LoggerFactory.getLogger(GateProcessor.class);

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
      if (LenientDeserializer.isTransient(e)) {
        throw e;
      }
      deadLetter(record, e);
      return;
    }
    StoredGate stored = GateCodec.toStored(outcome.state());
    List<WaveCommand> commands = outcome.launches().stream().map(WaveCommand::new).toList();
    List<WaveEvent> deferrals = outcome.deferrals().stream().map(WaveEvent::new).toList();
    Optional<String> tooLarge = tooLarge(stored, commands, deferrals);
    if (tooLarge.isPresent()) {
      deadLetter(record, new WriteTooLargeException("not applied: " + tooLarge.get()));
      return;
    }
    store.put(key, stored);
    long timestamp = record.timestamp();
    for (WaveCommand command : commands) {
      String executionId = ((LaunchWave) command.getCommand()).getExecutionId();
      context.forward(
          new Record<String, Object>(executionId, command, timestamp), children.waveCommands());
    }
    for (WaveEvent deferral : deferrals) {
      String executionId = ((WaveLaunchDeferred) deferral.getEvent()).getExecutionId();
      context.forward(
          new Record<String, Object>(executionId, deferral, timestamp), children.waveEvents());
    }
  }

  private Optional<String> tooLarge(
      StoredGate stored, List<WaveCommand> commands, List<WaveEvent> deferrals) {
    SizeGuard.Check check = guard.check().add(changelog, "the quota gate's state", stored);
    commands.forEach(c -> check.add(Topics.WAVE_COMMANDS.name(), "a LaunchWave", c));
    deferrals.forEach(d -> check.add(Topics.WAVE_EVENTS.name(), "a WaveLaunchDeferred", d));
    return check.problem();
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
