package io.drsorch.simulator.jobs;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.drsorch.simulator.account.Timestamps;
import java.time.Instant;
import java.util.Map;

/** A job as the {@code Job} shape of the service model, as it stands at one instant. */
public final class JobJson {

  private JobJson() {}

  public static ObjectNode of(Job job, Instant now) {
    JobStatus status = job.statusAt(now);
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    json.put("jobID", job.id());
    json.put("arn", job.arn());
    json.put("type", job.type().name());
    json.put("initiatedBy", job.initiatedBy());
    json.put("creationDateTime", Timestamps.format(job.createdAt()));
    if (status == JobStatus.COMPLETED) {
      json.put("endDateTime", Timestamps.format(job.completedAt()));
    }
    json.put("status", status.name());
    ArrayNode servers = json.putArray("participatingServers");
    for (Participant participant : job.participants()) {
      LaunchStatus launchStatus = job.launchStatusAt(participant, now);
      ObjectNode server = servers.addObject();
      server.put("sourceServerID", participant.sourceServerId());
      // A launched instance id is only known once the launch is done; a terminated one always.
      if (participant.recoveryInstanceId() != null
          && (job.type() == JobType.TERMINATE || launchStatus == LaunchStatus.LAUNCHED)) {
        server.put("recoveryInstanceID", participant.recoveryInstanceId());
      }
      server.put("launchStatus", launchStatus.name());
    }
    json.set("tags", tags(job.tags()));
    return json;
  }

  public static ObjectNode tags(Map<String, String> tags) {
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    tags.forEach(json::put);
    return json;
  }
}
