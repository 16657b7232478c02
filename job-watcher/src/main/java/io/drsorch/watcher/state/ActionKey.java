package io.drsorch.watcher.state;

import org.apache.avro.generic.GenericRecord;

/**
 * One wave action of one execution: what a WaveActionStarted starts and a WaveActionEnded ends. Its
 * requestId ({@code executionId/waveId/attempt/PHASE/index}) is unique on its own; the executionId
 * is kept beside it because every record written carries it.
 */
public record ActionKey(String executionId, String requestId) implements WatchKey {

  /** The action a WaveActionStarted or WaveActionEnded is about. */
  public static ActionKey of(Object event) {
    GenericRecord record = (GenericRecord) event;
    return new ActionKey(record.get("executionId").toString(), record.get("requestId").toString());
  }

  @Override
  public String toString() {
    return requestId;
  }
}
