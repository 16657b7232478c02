package io.drsorch.simulator.servers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.drsorch.simulator.account.DrsAccount;
import io.drsorch.simulator.account.Ids;
import io.drsorch.simulator.api.Operation;
import io.drsorch.simulator.api.Pagination;
import io.drsorch.simulator.api.RequestFields;
import io.drsorch.simulator.instances.RecoveryInstance;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** {@code DescribeSourceServers}: the region's source servers in the order they were added. */
public final class DescribeSourceServers implements Operation {

  @Override
  public String name() {
    return "DescribeSourceServers";
  }

  @Override
  public ObjectNode handle(DrsAccount account, String region, JsonNode body) {
    JsonNode filters = RequestFields.structure(body, "filters");
    Set<String> ids =
        new HashSet<>(
            RequestFields.strings(
                filters,
                "sourceServerIDs",
                "filters.sourceServerIDs",
                0,
                200,
                Ids.SOURCE_SERVER_ID,
                false));
    return account.inRegion(
        region,
        view -> {
          // Asked by id (as a pre-flight asks for one plan's servers): looked up, not a scan of
          // every server of the region under its lock.
          List<SourceServer> matching =
              ids.isEmpty()
                  ? List.copyOf(view.state().sourceServers())
                  : ids.stream()
                      .map(id -> view.state().sourceServer(id))
                      .flatMap(Optional::stream)
                      .sorted(Comparator.comparingLong(SourceServer::sequence))
                      .toList();
          Pagination.Page<SourceServer> page =
              Pagination.page(body, matching, SourceServer::sequence, false, "source-servers");
          ObjectNode response = JsonNodeFactory.instance.objectNode();
          ArrayNode items = response.putArray("items");
          for (SourceServer server : page.items()) {
            String live =
                view.state()
                    .liveInstanceOf(server.id(), view.now())
                    .map(RecoveryInstance::id)
                    .orElse(null);
            items.add(SourceServerJson.of(server, live, view.now()));
          }
          page.writeTokenTo(response);
          return response;
        });
  }
}
