package io.drsorch.watcher.state;

import io.drsorch.avro.JobStatus;
import java.util.Map;
import java.util.TreeMap;

/**
 * A DRS job as last seen: its status and each participating server's launch. Merging only moves
 * forward, so a duplicate or late observation (a replayed record, a stale poll) changes nothing.
 */
public record JobObservation(JobStatus status, Map<String, ServerObservation> servers) {

  public JobObservation {
    servers = Map.copyOf(servers);
  }

  public JobObservation merge(JobObservation newer) {
    JobStatus merged = newer.status.ordinal() > status.ordinal() ? newer.status : status;
    Map<String, ServerObservation> mergedServers = new TreeMap<>(servers);
    newer.servers.forEach(
        (id, server) -> mergedServers.merge(id, server, ServerObservation::merge));
    return new JobObservation(merged, mergedServers);
  }

  /** {@code previous} merged with {@code newer}, either of which may be missing. */
  public static JobObservation mergeNullable(JobObservation previous, JobObservation newer) {
    if (previous == null) {
      return newer;
    }
    return newer == null ? previous : previous.merge(newer);
  }
}
