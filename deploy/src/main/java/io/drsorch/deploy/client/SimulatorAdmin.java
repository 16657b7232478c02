package io.drsorch.deploy.client;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The DRS simulator's admin API ({@code /_sim/...}): servers, timings and faults. */
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

  /** Clears every injected fault. */
  public void clearFaults() {
    Json.Answer answer = Json.send("DELETE", baseUrl + "/_sim/faults", null);
    if (answer.status() / 100 != 2) {
      throw new IllegalStateException(
          "clear faults: HTTP " + answer.status() + " " + answer.body());
    }
  }
}
