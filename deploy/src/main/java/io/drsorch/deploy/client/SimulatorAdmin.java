package io.drsorch.deploy.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The DRS simulator's admin API ({@code /_sim/...}): servers with their replication state, lag and
 * recovery snapshots, timings, quotas, faults, event push and call counts.
 */
public final class SimulatorAdmin {

  private final String baseUrl;

  public SimulatorAdmin(String baseUrl) {
    this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
  }

  public void addSourceServers(String region, List<String> ids) {
    Json.send(
            "POST",
            baseUrl + "/_sim/source-servers",
            Map.of("sourceServerIDs", ids, "region", region))
        .expect(200, "add source servers to the simulator");
  }

  /** Servers replicating into another account (12 digits), reached through a role to assume. */
  public void addSourceServers(String accountId, String region, List<String> ids) {
    Json.send(
            "POST",
            baseUrl + "/_sim/source-servers",
            Map.of("sourceServerIDs", ids, "region", region, "accountId", accountId))
        .expect(200, "add source servers to account " + accountId + " of the simulator");
  }

  /**
   * Servers replicating in {@code replicationState} (DRS's DataReplicationState: CONTINUOUS,
   * STALLED, INITIAL_SYNC, ...) with a lag of {@code lagSeconds}; either may be null (CONTINUOUS,
   * no lag). Servers already known take the state and lag given.
   */
  public void addSourceServers(
      String region, List<String> ids, String replicationState, Double lagSeconds) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("sourceServerIDs", ids);
    body.put("region", region);
    if (replicationState != null) {
      body.put("replicationState", replicationState);
    }
    if (lagSeconds != null) {
      body.put("lagSeconds", lagSeconds);
    }
    Json.send("POST", baseUrl + "/_sim/source-servers", body)
        .expect(200, "add " + replicationState + " source servers to the simulator");
  }

  /**
   * Changes one server's replication state and lag (either may be null, not both): a server that
   * stops being CONTINUOUS takes no more snapshots, so its last one ages. Answers what the server
   * is like now: {@code replicationState}, {@code lagSeconds}, {@code snapshotCount}, {@code
   * lastSnapshotDateTime}.
   */
  public JsonNode setReplication(
      String region, String sourceServerId, String replicationState, Double lagSeconds) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("region", region);
    if (replicationState != null) {
      body.put("replicationState", replicationState);
    }
    if (lagSeconds != null) {
      body.put("lagSeconds", lagSeconds);
    }
    return Json.send("PUT", baseUrl + "/_sim/source-servers/" + sourceServerId, body)
        .expect(200, "set the replication of " + sourceServerId)
        .body();
  }

  /**
   * Replaces one server's recovery snapshots with one at each of {@code times} (none in the
   * future), so that a point in time can fall between two; answers their snapshot ids, oldest
   * first.
   */
  public List<String> setSnapshotTimes(String region, String sourceServerId, List<Instant> times) {
    JsonNode answer =
        Json.send(
                "POST",
                baseUrl + "/_sim/source-servers/" + sourceServerId + "/snapshots",
                Map.of(
                    "region", region, "snapshots", times.stream().map(Instant::toString).toList()))
            .expect(200, "set the snapshots of " + sourceServerId)
            .body();
    List<String> ids = new ArrayList<>();
    answer.path("snapshots").forEach(snapshot -> ids.add(snapshot.path("snapshotID").asText()));
    return ids;
  }

  /**
   * How often replicating servers take a snapshot (fractions allowed): each takes its next one that
   * long from now, then one every that long.
   */
  public void configureSnapshotInterval(double seconds) {
    configure(Map.of("snapshotIntervalSeconds", seconds));
  }

  /**
   * DRS's job quotas, per account and region: concurrent jobs of any type (TERMINATE included) and
   * source servers across all active jobs.
   */
  public void configureJobQuotas(int maxConcurrentJobs, int maxServersInActiveJobs) {
    configure(
        Map.of(
            "maxConcurrentJobs", maxConcurrentJobs,
            "maxServersInActiveJobs", maxServersInActiveJobs));
  }

  public void configure(double pendingSeconds, double startedSeconds, double jitterSeconds) {
    Json.send(
            "PUT",
            baseUrl + "/_sim/config",
            Map.of(
                "pendingSeconds", pendingSeconds,
                "startedSeconds", startedSeconds,
                "jitterSeconds", jitterSeconds))
        .expect(200, "configure the simulator");
  }

  public void failNextLaunch(String sourceServerId) {
    Json.send(
            "POST",
            baseUrl + "/_sim/faults",
            Map.of("sourceServerID", sourceServerId, "launchStatus", "FAILED"))
        .expect(200, "inject a launch fault");
  }

  /**
   * Makes the next {@code times} calls of a DRS operation answer a DRS error ({@code
   * ThrottlingException}, {@code InternalServerException}, {@code ConflictException}, {@code
   * ServiceQuotaExceededException}, {@code AccessDeniedException}); {@code retryAfterSeconds} and
   * {@code message} may be null.
   */
  public void failNextCalls(
      String operation, String errorCode, int times, Integer retryAfterSeconds, String message) {
    Map<String, Object> fault = new LinkedHashMap<>();
    fault.put("operation", operation);
    fault.put("errorCode", errorCode);
    fault.put("times", times);
    if (retryAfterSeconds != null) {
      fault.put("retryAfterSeconds", retryAfterSeconds);
    }
    if (message != null) {
      fault.put("message", message);
    }
    Json.send("POST", baseUrl + "/_sim/faults", fault).expect(200, "inject " + errorCode);
  }

  /**
   * Makes the next {@code times} calls of a DRS operation do their work at once but answer {@code
   * delayMs} late: the window in which a caller that crashes has acted without knowing it.
   */
  public void delayNextAnswers(String operation, int delayMs, int times) {
    Json.send(
            "POST",
            baseUrl + "/_sim/faults",
            Map.of("operation", operation, "answerDelayMs", delayMs, "times", times))
        .expect(200, "delay the answers of " + operation);
  }

  /** Clears every injected fault. */
  public void clearFaults() {
    Json.Answer answer = Json.send("DELETE", baseUrl + "/_sim/faults", null);
    if (answer.status() / 100 != 2) {
      throw new IllegalStateException(
          "clear faults: HTTP " + answer.status() + " " + answer.body());
    }
  }

  /**
   * {@code PUT /_sim/config} with any subset of its fields ({@code maxConcurrentJobs}, {@code
   * maxServersPerCall}, {@code maxServersInActiveJobs}, {@code snapshotIntervalSeconds}, {@code
   * eventLossRate}, ...); applies to jobs, snapshots and events from now on.
   */
  public void configure(Map<String, Object> fields) {
    Json.send("PUT", baseUrl + "/_sim/config", fields).expect(200, "configure the simulator");
  }

  /** {@code GET /_sim/stats}: DRS API calls per operation since the last reset. */
  public Map<String, Long> callCounts() {
    JsonNode calls =
        Json.send("GET", baseUrl + "/_sim/stats", null)
            .expect(200, "read the simulator's call counts")
            .body()
            .path("calls");
    Map<String, Long> counts = new LinkedHashMap<>();
    calls.fields().forEachRemaining(e -> counts.put(e.getKey(), e.getValue().asLong()));
    return counts;
  }

  /**
   * {@code GET /_sim/stats}: the calls the simulator refused, as {@code Operation/ErrorType} to how
   * many (e.g. {@code StartRecovery/ConflictException}).
   */
  public Map<String, Long> refusals() {
    JsonNode refusals =
        Json.send("GET", baseUrl + "/_sim/stats", null)
            .expect(200, "read the simulator's refusals")
            .body()
            .path("refusals");
    Map<String, Long> counts = new LinkedHashMap<>();
    refusals
        .fields()
        .forEachRemaining(
            operation ->
                operation
                    .getValue()
                    .fields()
                    .forEachRemaining(
                        type ->
                            counts.put(
                                operation.getKey() + "/" + type.getKey(),
                                type.getValue().asLong())));
    return counts;
  }

  /** {@code DELETE /_sim/stats}: call counts back to zero. */
  public void resetCallCounts() {
    Json.Answer answer = Json.send("DELETE", baseUrl + "/_sim/stats", null);
    if (answer.status() / 100 != 2) {
      throw new IllegalStateException("reset stats: HTTP " + answer.status() + " " + answer.body());
    }
  }

  /** {@code GET /_sim/events}: launch-result events sent, dropped, duplicated, failed. */
  public JsonNode eventCounts() {
    return Json.send("GET", baseUrl + "/_sim/events", null)
        .expect(200, "read the simulator's event counts")
        .body();
  }

  /** {@code DELETE /_sim/events}: event counts back to zero. */
  public void resetEventCounts() {
    Json.Answer answer = Json.send("DELETE", baseUrl + "/_sim/events", null);
    if (answer.status() / 100 != 2) {
      throw new IllegalStateException(
          "reset event counts: HTTP " + answer.status() + " " + answer.body());
    }
  }

  /**
   * {@code PUT /_sim/ssm/documents/{name}}: an SSM automation document whose executions end with
   * {@code outcome} (Success, Failed, TimedOut) {@code durationSeconds} after they start; {@code
   * failureMessage} (Failed or TimedOut only) may be null.
   */
  public void defineAutomationDocument(
      String name, String outcome, double durationSeconds, String failureMessage) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("outcome", outcome);
    body.put("durationSeconds", durationSeconds);
    if (failureMessage != null) {
      body.put("failureMessage", failureMessage);
    }
    Json.send("PUT", baseUrl + "/_sim/ssm/documents/" + name, body)
        .expect(200, "define SSM document " + name);
  }

  /**
   * {@code GET /_sim/ssm/executions}: every automation execution started, oldest first (id,
   * documentName, parameters, clientToken, status, startedAt, endedAt, failureMessage).
   */
  public List<JsonNode> automationExecutions() {
    JsonNode executions =
        Json.send("GET", baseUrl + "/_sim/ssm/executions", null)
            .expect(200, "read the simulator's automation executions")
            .body()
            .path("executions");
    List<JsonNode> all = new java.util.ArrayList<>();
    executions.forEach(all::add);
    return all;
  }
}
