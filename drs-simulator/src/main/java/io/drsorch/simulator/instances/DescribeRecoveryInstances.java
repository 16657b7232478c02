package io.drsorch.simulator.instances;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.drsorch.simulator.account.DrsAccount;
import io.drsorch.simulator.account.Ids;
import io.drsorch.simulator.api.Operation;
import io.drsorch.simulator.api.Pagination;
import io.drsorch.simulator.api.RequestFields;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code DescribeRecoveryInstances}: the region's recovery instances, oldest first, filtered by
 * instance or server ids. One being terminated is listed SHUTTING-DOWN; once its termination is
 * done it is no longer listed, for DRS deletes it: TerminateRecoveryInstances "initiates a Job for
 * terminating the EC2 resources ... and then will delete the Recovery Instances from the Elastic
 * Disaster Recovery service" (the model), and the clean-up before a relaunch does the same.
 */
public final class DescribeRecoveryInstances implements Operation {

  @Override
  public String name() {
    return "DescribeRecoveryInstances";
  }

  @Override
  public ObjectNode handle(DrsAccount account, String region, JsonNode body) {
    JsonNode filters = RequestFields.structure(body, "filters");
    Set<String> instanceIds =
        new HashSet<>(
            RequestFields.strings(
                filters,
                "recoveryInstanceIDs",
                "filters.recoveryInstanceIDs",
                0,
                200,
                Ids.RECOVERY_INSTANCE_ID,
                false));
    Set<String> serverIds =
        new HashSet<>(
            RequestFields.strings(
                filters,
                "sourceServerIDs",
                "filters.sourceServerIDs",
                0,
                Integer.MAX_VALUE,
                Ids.SOURCE_SERVER_ID,
                false));
    return account.inRegion(
        region,
        view -> {
          List<RecoveryInstance> matching =
              view.state().recoveryInstances().stream()
                  .filter(instance -> instance.isLiveAt(view.now()))
                  .filter(i -> instanceIds.isEmpty() || instanceIds.contains(i.id()))
                  .filter(i -> serverIds.isEmpty() || serverIds.contains(i.sourceServerId()))
                  .toList();
          Pagination.Page<RecoveryInstance> page =
              Pagination.page(
                  body, matching, RecoveryInstance::sequence, false, "recovery-instances");
          ObjectNode response = JsonNodeFactory.instance.objectNode();
          ArrayNode items = response.putArray("items");
          page.items()
              .forEach(instance -> items.add(RecoveryInstanceJson.of(instance, view.now())));
          page.writeTokenTo(response);
          return response;
        });
  }
}
