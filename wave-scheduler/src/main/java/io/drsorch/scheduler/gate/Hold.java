package io.drsorch.scheduler.gate;

import io.drsorch.avro.GateLimit;
import java.util.List;

/**
 * What keeps the request first in line from going now: the limit it waits for and, for {@link
 * GateLimit#SERVER_LOCK}, its servers that active requests lock.
 */
record Hold(GateLimit limit, List<String> lockedServerIds) {

  public Hold {
    lockedServerIds = List.copyOf(lockedServerIds);
  }

  static Hold of(GateLimit limit) {
    return new Hold(limit, List.of());
  }
}
