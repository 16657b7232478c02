package io.drsorch.watcher.state;

import io.drsorch.avro.LaunchStatus;

/** One server's launch as last seen; only forward transitions replace it. */
public record ServerObservation(LaunchStatus launchStatus, String recoveryInstanceId) {

  /** The later of the two: a higher launch stage wins; an instance id, once known, stays. */
  public ServerObservation merge(ServerObservation newer) {
    LaunchStatus status =
        rank(newer.launchStatus) > rank(launchStatus) ? newer.launchStatus : launchStatus;
    String instance = recoveryInstanceId != null ? recoveryInstanceId : newer.recoveryInstanceId;
    return new ServerObservation(status, instance);
  }

  /** LAUNCHED and FAILED are both ends of a launch: neither replaces the other. */
  static int rank(LaunchStatus status) {
    return switch (status) {
      case PENDING -> 0;
      case IN_PROGRESS -> 1;
      case LAUNCHED, FAILED -> 2;
      case TERMINATED -> 3;
    };
  }
}
