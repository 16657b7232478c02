package io.drsorch.deploy.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The DRS simulator's admin API ({@code /_sim/...}): servers, timings, faults, event push and call
 * counts.
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
   * maxServersPerCall}, {@code eventLossRate}, ...); applies to jobs and events from now on.
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
}
