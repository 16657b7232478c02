package io.drsorch.watcher.state;

import org.apache.avro.generic.GenericRecord;

/**
 * One attempt of one wave of one execution: what a WaveLaunched starts and a WaveCompleted ends.
 */
public record AttemptKey(String executionId, String waveId, int attempt) implements WatchKey {

  /** The attempt a wave event (any member of the WaveEvent union) is about. */
  public static AttemptKey of(Object event) {
    GenericRecord record = (GenericRecord) event;
    return new AttemptKey(
        record.get("executionId").toString(),
        record.get("waveId").toString(),
        (Integer) record.get("attempt"));
  }

  @Override
  public String toString() {
    return executionId + "/" + waveId + "/" + attempt;
  }
}
