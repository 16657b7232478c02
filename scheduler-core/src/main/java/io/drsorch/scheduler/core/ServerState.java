package io.drsorch.scheduler.core;

import io.drsorch.avro.LaunchStatus;

/** One source server of a wave, as DRS last reported its launch. */
public record ServerState(
    String sourceServerId, LaunchStatus launchStatus, String recoveryInstanceId, String jobId) {

  public static ServerState pending(String sourceServerId) {
    return new ServerState(sourceServerId, LaunchStatus.PENDING, null, null);
  }
}
