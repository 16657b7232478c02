package io.drsorch.simulator.snapshots;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.drsorch.simulator.account.DrsAccount;
import io.drsorch.simulator.account.Ids;
import io.drsorch.simulator.account.Timestamps;
import io.drsorch.simulator.api.DrsError;
import io.drsorch.simulator.api.Operation;
import io.drsorch.simulator.api.Pagination;
import io.drsorch.simulator.api.RequestFields;
import io.drsorch.simulator.servers.SourceServer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * {@code DescribeRecoverySnapshots}: one source server's recovery snapshots taken by now, those
 * taken from {@code filters.fromDateTime} to {@code filters.toDateTime} (both included), oldest
 * first ({@code order} ASC, also when no order is named: the model gives no default) or newest
 * first (DESC), paginated.
 *
 * <p>An unknown server answers ResourceNotFoundException, as StartRecovery does here. The model
 * lists no such error for this operation and the DRS documentation does not say what DRS answers;
 * the SDK maps it to its type all the same, since a client knows every error of the service.
 */
public final class DescribeRecoverySnapshots implements Operation {

  private static final List<String> ORDERS = List.of("ASC", "DESC");

  @Override
  public String name() {
    return "DescribeRecoverySnapshots";
  }

  @Override
  public ObjectNode handle(DrsAccount account, String region, JsonNode body) {
    String serverId = RequestFields.requiredString(body, "sourceServerID", Ids.SOURCE_SERVER_ID);
    JsonNode filters = RequestFields.structure(body, "filters");
    Optional<Instant> from =
        RequestFields.dateTime(filters, "fromDateTime", "filters.fromDateTime");
    Optional<Instant> to = RequestFields.dateTime(filters, "toDateTime", "filters.toDateTime");
    String order = RequestFields.oneOf(body, "order", ORDERS).orElse("ASC");
    boolean newestFirst = order.equals("DESC");
    return account.inRegion(
        region,
        view -> {
          SourceServer server =
              view.state()
                  .sourceServer(serverId)
                  .orElseThrow(
                      () ->
                          DrsError.resourceNotFound(
                              "Source server " + serverId + " not found",
                              serverId,
                              "SOURCE_SERVER"));
          List<RecoverySnapshot> matching = new ArrayList<>();
          for (RecoverySnapshot snapshot : server.snapshots().at(view.now())) {
            if (from.map(date -> !snapshot.takenAt().isBefore(date)).orElse(true)
                && to.map(date -> !snapshot.takenAt().isAfter(date)).orElse(true)) {
              matching.add(snapshot);
            }
          }
          if (newestFirst) {
            Collections.reverse(matching);
          }
          Pagination.Page<RecoverySnapshot> page =
              Pagination.page(
                  body,
                  matching,
                  RecoverySnapshot::sequence,
                  newestFirst,
                  "snapshots-" + order + "-" + serverId);
          ObjectNode response = JsonNodeFactory.instance.objectNode();
          ArrayNode items = response.putArray("items");
          page.items().forEach(snapshot -> items.add(json(snapshot)));
          page.writeTokenTo(response);
          return response;
        });
  }

  /** The model's {@code RecoverySnapshot}. */
  private static ObjectNode json(RecoverySnapshot snapshot) {
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    json.put("snapshotID", snapshot.id());
    json.put("sourceServerID", snapshot.sourceServerId());
    json.put("expectedTimestamp", Timestamps.format(snapshot.takenAt()));
    json.put("timestamp", Timestamps.format(snapshot.takenAt()));
    json.putArray("ebsSnapshots").add(snapshot.ebsSnapshotId());
    return json;
  }
}
