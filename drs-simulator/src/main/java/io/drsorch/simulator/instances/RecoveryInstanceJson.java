package io.drsorch.simulator.instances;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.drsorch.simulator.account.Timestamps;
import java.time.Instant;

/** A recovery instance as the {@code RecoveryInstance} shape of the service model. */
public final class RecoveryInstanceJson {

  private RecoveryInstanceJson() {}

  public static ObjectNode of(RecoveryInstance instance, Instant now) {
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    json.put("recoveryInstanceID", instance.id());
    json.put("ec2InstanceID", instance.id());
    json.put("ec2InstanceState", instance.ec2StateAt(now));
    json.put("jobID", instance.jobId());
    json.put("sourceServerID", instance.sourceServerId());
    json.put("arn", instance.arn());
    json.putObject("tags");
    json.put("isDrill", instance.drill());
    json.put("pointInTimeSnapshotDateTime", Timestamps.format(instance.pointInTime()));
    json.put("originEnvironment", "ON_PREMISES");
    return json;
  }
}
