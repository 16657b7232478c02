package io.drsorch.simulator.admin;

import static io.drsorch.simulator.admin.AdminFields.accountId;
import static io.drsorch.simulator.admin.AdminFields.number;
import static io.drsorch.simulator.admin.AdminFields.onlyKnown;
import static io.drsorch.simulator.admin.AdminFields.region;
import static io.drsorch.simulator.admin.AdminFields.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.drsorch.simulator.account.Accounts;
import io.drsorch.simulator.account.DrsAccount;
import io.drsorch.simulator.account.Ids;
import io.drsorch.simulator.account.Timestamps;
import io.drsorch.simulator.servers.ReplicationState;
import io.drsorch.simulator.servers.SourceServer;
import io.drsorch.simulator.snapshots.RecoverySnapshot;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The admin calls on source servers: adding them (with a replication state and lag), changing one's
 * state and lag, and replacing one's recovery snapshots. Each works in the account and region its
 * body names (the default account and us-east-1 otherwise), as the DRS API would see them.
 */
final class SourceServersAdmin {

  private static final Set<String> ADD_FIELDS =
      Set.of("sourceServerIDs", "region", "accountId", "replicationState", "lagSeconds");
  private static final Set<String> CHANGE_FIELDS =
      Set.of("replicationState", "lagSeconds", "region", "accountId");
  private static final Set<String> SNAPSHOT_FIELDS = Set.of("snapshots", "region", "accountId");

  private final Accounts accounts;

  SourceServersAdmin(Accounts accounts) {
    this.accounts = accounts;
  }

  /** {@code POST /_sim/source-servers}. */
  JsonNode add(JsonNode body) {
    onlyKnown(body, ADD_FIELDS);
    String accountId = accountId(body, accounts);
    String region = region(body);
    JsonNode list = body.path("sourceServerIDs");
    if (!list.isArray() || list.isEmpty()) {
      throw new AdminError(400, "sourceServerIDs must be a non-empty list");
    }
    List<String> ids = new ArrayList<>();
    for (JsonNode id : list) {
      if (!id.isTextual() || !Ids.SOURCE_SERVER_ID.matcher(id.asText()).matches()) {
        throw new AdminError(
            400, "source server id " + id + " must be s- and 17 letters or digits");
      }
      ids.add(id.asText());
    }
    Optional<ReplicationState> state = replicationState(body);
    Optional<Duration> lag = lag(body);
    int added = accounts.account(accountId).addSourceServers(region, ids, state, lag);
    ObjectNode answer = JsonNodeFactory.instance.objectNode();
    answer.put("accountId", accountId).put("region", region).put("added", added);
    answer.set("sourceServerIDs", list);
    return answer;
  }

  /** {@code PUT /_sim/source-servers/{id}}: the server's replication state and lag. */
  JsonNode change(String sourceServerId, JsonNode body) {
    onlyKnown(body, CHANGE_FIELDS);
    requireServerId(sourceServerId);
    Optional<ReplicationState> state = replicationState(body);
    Optional<Duration> lag = lag(body);
    if (state.isEmpty() && lag.isEmpty()) {
      throw new AdminError(400, "name a replicationState, a lagSeconds or both");
    }
    String region = region(body);
    DrsAccount account = existingAccount(body, sourceServerId, region);
    return account.onSourceServer(
        region,
        sourceServerId,
        (server, now) -> {
          lag.ifPresent(server::changeLag);
          state.ifPresent(s -> server.changeReplicationState(s, now, account.snapshotInterval()));
          return status(account, region, server, now);
        });
  }

  /**
   * {@code POST /_sim/source-servers/{id}/snapshots}: replaces the server's recovery snapshots with
   * one at each time listed; answers them with their ids, oldest first.
   */
  JsonNode replaceSnapshots(String sourceServerId, JsonNode body) {
    onlyKnown(body, SNAPSHOT_FIELDS);
    requireServerId(sourceServerId);
    List<Instant> times = snapshotTimes(body);
    String region = region(body);
    DrsAccount account = existingAccount(body, sourceServerId, region);
    return account.onSourceServer(
        region,
        sourceServerId,
        (server, now) -> {
          List<RecoverySnapshot> snapshots = server.snapshots().replace(times, now);
          ObjectNode answer = status(account, region, server, now);
          ArrayNode list = answer.putArray("snapshots");
          for (RecoverySnapshot snapshot : snapshots) {
            list.addObject()
                .put("snapshotID", snapshot.id())
                .put("timestamp", Timestamps.format(snapshot.takenAt()));
          }
          return answer;
        });
  }

  /**
   * The named account, without creating it: a change to a server of an account nobody has used is a
   * server that does not exist.
   */
  private DrsAccount existingAccount(JsonNode body, String sourceServerId, String region) {
    String accountId = accountId(body, accounts);
    if (!accounts.ids().contains(accountId)) {
      throw new AdminError(
          404,
          "no source server "
              + sourceServerId
              + " in region "
              + region
              + " of account "
              + accountId
              + " (no server was ever added to that account)");
    }
    return accounts.account(accountId);
  }

  /**
   * What the server is like now: its state, lag, and snapshots, with the time of the newest, which
   * the DRS API tells only through DescribeRecoverySnapshots.
   */
  private static ObjectNode status(
      DrsAccount account, String region, SourceServer server, Instant now) {
    ObjectNode answer = JsonNodeFactory.instance.objectNode();
    answer.put("accountId", account.accountId()).put("region", region);
    answer.put("sourceServerID", server.id());
    answer.put("replicationState", server.replicationState().name());
    answer.put("lagSeconds", server.lag().toMillis() / 1000.0);
    answer.put("snapshotCount", server.snapshots().at(now).size());
    answer.put(
        "lastSnapshotDateTime",
        server.snapshots().latest(now).map(s -> Timestamps.format(s.takenAt())).orElse(null));
    return answer;
  }

  private static Optional<ReplicationState> replicationState(JsonNode body) {
    return text(body, "replicationState")
        .map(value -> ReplicationState.parse("replicationState", value));
  }

  /** Seconds, fractions allowed (kept to the millisecond), at least 0. */
  private static Optional<Duration> lag(JsonNode body) {
    Optional<Double> seconds = number(body, "lagSeconds");
    if (seconds.isPresent() && !(seconds.get() >= 0 && seconds.get() <= Integer.MAX_VALUE)) {
      throw new AdminError(
          400, "lagSeconds must be a number of seconds >= 0, got " + seconds.get());
    }
    return seconds.map(s -> Duration.ofMillis(Math.round(s * 1000)));
  }

  private static List<Instant> snapshotTimes(JsonNode body) {
    JsonNode list = body.path("snapshots");
    if (!list.isArray()) {
      throw new AdminError(
          400, "snapshots must be a list of ISO-8601 times such as \"2026-12-01T09:00:00Z\"");
    }
    List<Instant> times = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      int index = i;
      JsonNode time = list.get(i);
      // Milliseconds, the precision of every DRS timestamp (and of the simulator's clock).
      Optional<Instant> parsed =
          time.isTextual()
              ? Timestamps.parse(time.asText()).map(t -> t.truncatedTo(ChronoUnit.MILLIS))
              : Optional.empty();
      times.add(
          parsed.orElseThrow(
              () ->
                  new AdminError(
                      400,
                      "snapshots["
                          + index
                          + "] "
                          + time
                          + " is not an ISO-8601 time such as \"2026-12-01T09:00:00Z\"")));
    }
    return times;
  }

  private static void requireServerId(String id) {
    if (!Ids.SOURCE_SERVER_ID.matcher(id).matches()) {
      throw new AdminError(
          400, "source server id '" + id + "' must be s- and 17 letters or digits");
    }
  }
}
