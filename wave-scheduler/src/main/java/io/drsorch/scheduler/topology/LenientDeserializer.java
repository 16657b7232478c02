package io.drsorch.scheduler.topology;

import io.drsorch.schemas.runtime.TransientFailures;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Decodes values without ever failing on bad data: a record that is not what the topic promises
 * becomes a failed {@link Decoded}, which the processor sends to the dead-letter topic inside the
 * same transaction as its offset. Only an unreachable schema registry still throws: that record is
 * good and must be retried, not dead-lettered.
 */
public final class LenientDeserializer<T> implements Deserializer<Decoded<T>> {

  private final Deserializer<T> inner;

  public LenientDeserializer(Deserializer<T> inner) {
    this.inner = inner;
  }

  @Override
  public Decoded<T> deserialize(String topic, byte[] data) {
    try {
      return new Decoded<>(inner.deserialize(topic, data), data, null);
    } catch (RuntimeException e) {
      if (TransientFailures.isOfTheMoment(e)) {
        throw e;
      }
      return new Decoded<>(null, data, e);
    }
  }

  @Override
  public void close() {
    inner.close();
  }
}
