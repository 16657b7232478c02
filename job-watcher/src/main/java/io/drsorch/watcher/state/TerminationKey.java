package io.drsorch.watcher.state;

import org.apache.avro.generic.GenericRecord;

/**
 * One termination request of a drill's cleanup: the TERMINATE jobs a TerminationStarted names,
 * which one TerminationEnded ends. Its requestId ({@code executionId/cleanup/region/account}) is
 * unique on its own; the executionId is kept beside it because every record written carries it.
 */
public record TerminationKey(String executionId, String requestId) implements WatchKey {

  /** The request a termination event (TerminationStarted, -Failed or -Ended) is about. */
  public static TerminationKey of(Object event) {
    GenericRecord record = (GenericRecord) event;
    return new TerminationKey(
        record.get("executionId").toString(), record.get("requestId").toString());
  }

  @Override
  public String toString() {
    return requestId;
  }
}
