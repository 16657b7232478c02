package io.drsorch.simulator.servers;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.drsorch.simulator.account.Timestamps;
import io.drsorch.simulator.jobs.Job;
import io.drsorch.simulator.jobs.LaunchStatus;
import io.drsorch.simulator.jobs.Participant;
import java.time.Instant;

/**
 * A source server as the {@code SourceServer} shape of the service model, with its replication
 * state and lag and the result of its last launch. Note the model's spelling {@code
 * recoveryInstanceId} here, unlike {@code recoveryInstanceID} elsewhere. The model's {@code
 * DataReplicationInfo} has no last-snapshot time (MGN's has, DRS's not): DescribeRecoverySnapshots
 * tells it.
 */
public final class SourceServerJson {

  private SourceServerJson() {}

  public static ObjectNode of(SourceServer server, String liveInstanceId, Instant now) {
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    json.put("sourceServerID", server.id());
    json.put("arn", server.arn());
    json.putObject("tags");
    if (liveInstanceId != null) {
      json.put("recoveryInstanceId", liveInstanceId);
    }
    json.put("lastLaunchResult", lastLaunchResult(server.lastLaunch(), server.id(), now));
    json.set("dataReplicationInfo", dataReplicationInfo(server));
    ObjectNode lifeCycle = json.putObject("lifeCycle");
    lifeCycle.put("addedToServiceDateTime", Timestamps.format(server.addedAt()));
    lifeCycle.put("firstByteDateTime", Timestamps.format(server.addedAt()));
    lifeCycle.put("lastSeenByServiceDateTime", Timestamps.format(now));
    Job launch = server.lastLaunch();
    if (launch != null) {
      ObjectNode lastLaunch = lifeCycle.putObject("lastLaunch");
      lastLaunch
          .putObject("initiated")
          .put("jobID", launch.id())
          .put("type", launch.drill() ? "DRILL" : "RECOVERY")
          .put("apiCallDateTime", Timestamps.format(launch.createdAt()));
      lastLaunch.put("status", launch.launchStatusAt(participant(launch, server.id()), now).name());
    }
    ObjectNode properties = json.putObject("sourceProperties");
    properties.put("lastUpdatedDateTime", Timestamps.format(server.addedAt()));
    properties.put("recommendedInstanceType", "m5.large");
    properties.putObject("identificationHints").put("hostname", server.id());
    properties.putObject("os").put("fullString", "Linux");
    json.put("replicationDirection", "FAILOVER");
    return json;
  }

  /**
   * The state and the lag as an ISO-8601 duration ({@code PT0S}, {@code PT20M}); a DISCONNECTED
   * server has no lag, as the model documents for DisconnectSourceServer ("lagDuration ... will be
   * nullified").
   */
  private static ObjectNode dataReplicationInfo(SourceServer server) {
    ObjectNode info = JsonNodeFactory.instance.objectNode();
    info.put("dataReplicationState", server.replicationState().name());
    if (server.replicationState() != ReplicationState.DISCONNECTED) {
      info.put("lagDuration", server.lag().toString());
    }
    return info;
  }

  private static String lastLaunchResult(Job launch, String serverId, Instant now) {
    if (launch == null) {
      return "NOT_STARTED";
    }
    LaunchStatus status = launch.launchStatusAt(participant(launch, serverId), now);
    return switch (status) {
      case LAUNCHED -> "SUCCEEDED";
      case FAILED -> "FAILED";
      default -> "PENDING";
    };
  }

  private static Participant participant(Job job, String serverId) {
    return job.participants().stream()
        .filter(p -> p.sourceServerId().equals(serverId))
        .findFirst()
        .orElseThrow();
  }
}
