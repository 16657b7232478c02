package io.drsorch.scheduler.gate;

import io.drsorch.avro.JobSlotsReleased;
import io.drsorch.avro.LaunchWave;
import io.drsorch.avro.WaveCommand;
import io.drsorch.avro.WaveEvent;
import io.drsorch.avro.WaveLaunchDeferred;
import io.drsorch.scheduler.gate.QuotaGate.Outcome;
import io.drsorch.scheduler.store.GateCodec;
import io.drsorch.scheduler.store.StoredGate;
import io.drsorch.scheduler.topology.DeadLetterRecords;
import io.drsorch.scheduler.topology.Decoded;
import io.drsorch.scheduler.topology.LenientDeserializer;
import java.time.Instant;
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
 */
public final class GateProcessor implements Processor<String, Decoded<?>, String, Object> {

  private static final Logger LOG = LoggerFactory.getLogger(GateProcessor.class);

  private final QuotaGate gate;
  private final String storeName;
  private final Children children;
  private ProcessorContext<String, Object> context;
  private KeyValueStore<String, StoredGate> store;

  /** Names of the child nodes this processor forwards to. */
  public record Children(String waveCommands, String waveEvents, String deadLetters) {}

  public GateProcessor(QuotaGate gate, String storeName, Children children) {
    this.gate = gate;
    this.storeName = storeName;
    this.children = children;
  }

  @Override
  public void init(ProcessorContext<String, Object> context) {
    this.context = context;
    this.store = context.getStateStore(storeName);
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
    publish(key, outcome, record.timestamp());
  }

  private void publish(String key, Outcome outcome, long timestamp) {
    store.put(key, GateCodec.toStored(outcome.state()));
    for (LaunchWave launch : outcome.launches()) {
      context.forward(
          new Record<String, Object>(launch.getExecutionId(), new WaveCommand(launch), timestamp),
          children.waveCommands());
    }
    for (WaveLaunchDeferred deferred : outcome.deferrals()) {
      context.forward(
          new Record<String, Object>(deferred.getExecutionId(), new WaveEvent(deferred), timestamp),
          children.waveEvents());
    }
  }

  private GateState load(String key) {
    StoredGate stored = store.get(key);
    return stored == null ? GateState.EMPTY : GateCodec.fromStored(stored);
  }

  private void deadLetter(Record<String, Decoded<?>> record, Throwable reason) {
    LOG.warn("dead-lettered a record of {}: {}", record.key(), reason.toString());
    Record<String, byte[]> letter =
        DeadLetterRecords.of(record, context.recordMetadata().orElse(null), reason);
    context.forward(letter.<Object>withValue(letter.value()), children.deadLetters());
  }
}
