package io.drsorch.deploy.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Optional;

/** The plan-service REST API, as a user or script drives it. */
public final class PlanServiceClient {

  private final String baseUrl;

  public PlanServiceClient(String baseUrl) {
    this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
  }

  /** PUT /plans/{id}: the answer as it is (200 with the plan, or 400 with errors). */
  public Json.Answer putPlan(String planId, Object plan) {
    return Json.send("PUT", baseUrl + "/plans/" + planId, plan);
  }

  /** PUT /protection-groups/{id}: the answer as it is. */
  public Json.Answer putGroup(String groupId, Object group) {
    return Json.send("PUT", baseUrl + "/protection-groups/" + groupId, group);
  }

  /** POST /plans/{id}/executions; returns the new execution id. */
  public String startExecution(String planId, String mode) {
    return Json.send("POST", baseUrl + "/plans/" + planId + "/executions", Map.of("mode", mode))
        .expect(202, "start an execution of plan " + planId)
        .body()
        .path("executionId")
        .asText();
  }

  /**
   * POST /plans/{id}/executions with more than the mode (e.g. {@code preflight}, {@code
   * pointInTime}); returns the new execution id.
   */
  public String startExecution(String planId, Map<String, Object> body) {
    return Json.send("POST", baseUrl + "/plans/" + planId + "/executions", body)
        .expect(202, "start an execution of plan " + planId)
        .body()
        .path("executionId")
        .asText();
  }

  /** GET /plans/{id}/readiness?mode=...: the pre-flight check of every server of the plan. */
  public JsonNode readiness(String planId, String mode) {
    return Json.send("GET", baseUrl + "/plans/" + planId + "/readiness?mode=" + mode, null)
        .expect(200, "check the readiness of plan " + planId)
        .body();
  }

  /** GET /executions/{id}, empty until the scheduler has published its first view. */
  public Optional<JsonNode> execution(String executionId) {
    Json.Answer answer = Json.send("GET", baseUrl + "/executions/" + executionId, null);
    if (answer.status() == 404) {
      return Optional.empty();
    }
    return Optional.of(answer.expect(200, "read execution " + executionId).body());
  }

  public Json.Answer cancel(String executionId) {
    return Json.send("POST", baseUrl + "/executions/" + executionId + "/cancel", null);
  }

  /** POST /executions/{id}/waves/{waveId}/approve: lets a wave waiting at its gate launch. */
  public Json.Answer approve(String executionId, String waveId, String comment) {
    return Json.send(
        "POST",
        baseUrl + "/executions/" + executionId + "/waves/" + waveId + "/approve",
        comment == null ? null : Map.of("comment", comment));
  }

  /** POST /executions/{id}/waves/{waveId}/reject: skips a waiting wave and its dependents. */
  public Json.Answer reject(String executionId, String waveId, String reason) {
    return Json.send(
        "POST",
        baseUrl + "/executions/" + executionId + "/waves/" + waveId + "/reject",
        reason == null ? null : Map.of("reason", reason));
  }

  /** POST /executions/{id}/cleanup: terminates an ended drill's recovery instances. */
  public Json.Answer cleanup(String executionId) {
    return Json.send("POST", baseUrl + "/executions/" + executionId + "/cleanup", null);
  }

  public Json.Answer pause(String executionId) {
    return Json.send("POST", baseUrl + "/executions/" + executionId + "/pause", null);
  }

  public Json.Answer resume(String executionId) {
    return Json.send("POST", baseUrl + "/executions/" + executionId + "/resume", null);
  }

  /**
   * POST /executions/{id}/retry, with the failed waves to mark done instead of relaunching (none: a
   * plain retry from the point of failure).
   */
  public Json.Answer retry(String executionId, java.util.List<String> skipWaves, String reason) {
    Map<String, Object> body = new java.util.LinkedHashMap<>();
    if (!skipWaves.isEmpty()) {
      body.put("skipWaves", skipWaves);
    }
    if (reason != null) {
      body.put("reason", reason);
    }
    return Json.send(
        "POST", baseUrl + "/executions/" + executionId + "/retry", body.isEmpty() ? null : body);
  }
}
