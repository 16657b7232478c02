package io.drsorch.drctl.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.drsorch.drctl.cli.CliException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The plan-service REST API as drctl uses it. Answers are JSON trees, printed as they come or read
 * field by field; an error answer becomes a {@link CliException} with the service's own words: one
 * line per field error ({@code path: message}), or its single message.
 */
public final class PlanServiceApi {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final String baseUrl;
  private final HttpClient http;

  /** The bearer token of each request, when there is one (read at each request: it may expire). */
  private final Supplier<Optional<String>> token;

  public PlanServiceApi(String baseUrl, Supplier<Optional<String>> token) {
    this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    this.token = token;
  }

  public String baseUrl() {
    return baseUrl;
  }

  /** Stores a plan or protection group; {@code kind} is "plans" or "protection-groups". */
  public JsonNode put(String kind, String id, String body, String contentType) {
    return send(
        HttpRequest.newBuilder(uri("/" + kind + "/" + encode(id)))
            .header("Content-Type", contentType)
            .PUT(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)),
        "store " + singular(kind) + " '" + id + "'");
  }

  public JsonNode get(String kind, String id) {
    return send(
        HttpRequest.newBuilder(uri("/" + kind + "/" + encode(id))).GET(),
        "read " + singular(kind) + " '" + id + "'");
  }

  public JsonNode list(String kind) {
    return send(HttpRequest.newBuilder(uri("/" + kind)).GET(), "list " + kind);
  }

  public void delete(String kind, String id) {
    send(
        HttpRequest.newBuilder(uri("/" + kind + "/" + encode(id))).DELETE(),
        "delete " + singular(kind) + " '" + id + "'");
  }

  /**
   * The pre-flight readiness of every server of a plan, asked of DRS by the plan-service: {@code
   * {"ready", "mode", "checkedAt", "pointInTime", "servers": [...]}}.
   *
   * @param mode DRILL or RECOVERY; null for the service's default (DRILL)
   * @param pointInTime ISO-8601 instant a snapshot must be at or before; null for none
   */
  public JsonNode readiness(String planId, String mode, String pointInTime) {
    List<String> query = new ArrayList<>();
    if (mode != null) {
      query.add("mode=" + encode(mode));
    }
    if (pointInTime != null) {
      query.add("pointInTime=" + encode(pointInTime));
    }
    String path =
        "/plans/"
            + encode(planId)
            + "/readiness"
            + (query.isEmpty() ? "" : "?" + String.join("&", query));
    return send(HttpRequest.newBuilder(uri(path)).GET(), "check plan '" + planId + "'");
  }

  /**
   * Asks for an execution; returns its id. Who asked is for plan-service to say (the signed-in
   * user), not for the request.
   */
  public String startExecution(String planId, String mode) {
    return startExecution(planId, mode, null, null);
  }

  /**
   * The same, with the start's options; each is left out of the body when null, so that the
   * service's default applies (and is the service's to say).
   *
   * @param preflight ENFORCE or WARN: whether a server that is not ready rejects the execution
   * @param pointInTime ISO-8601 instant each server is recovered to (its newest snapshot at or
   *     before it), as given: the service validates it
   */
  public String startExecution(String planId, String mode, String preflight, String pointInTime) {
    Map<String, Object> fields = fields("mode", mode);
    fields.putAll(fields("preflight", preflight));
    fields.putAll(fields("pointInTime", pointInTime));
    String body = toJson(fields);
    JsonNode started =
        send(
            HttpRequest.newBuilder(uri("/plans/" + encode(planId) + "/executions"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)),
            "start plan '" + planId + "'");
    return started.path("executionId").asText();
  }

  public JsonNode execution(String executionId) {
    return send(
        HttpRequest.newBuilder(uri("/executions/" + encode(executionId))).GET(),
        "read execution '" + executionId + "'");
  }

  /** Executions, all or of one plan. */
  public JsonNode executions(String planId) {
    String query = planId == null ? "" : "?planId=" + encode(planId);
    return send(HttpRequest.newBuilder(uri("/executions" + query)).GET(), "list executions");
  }

  /** Asks the scheduler to launch nothing more; {@code reason} may be null. */
  public JsonNode cancel(String executionId, String reason) {
    return post(
        executionPath(executionId) + "/cancel",
        fields("reason", reason),
        "cancel execution '" + executionId + "'");
  }

  /**
   * Lets a wave waiting at its approval gate launch; {@code comment} may be null. Answers {@code
   * {"executionId", "waveId", "commandId"}}.
   */
  public JsonNode approve(String executionId, String waveId, String comment) {
    return post(
        wavePath(executionId, waveId) + "/approve",
        fields("comment", comment),
        "approve wave '" + waveId + "' of execution '" + executionId + "'");
  }

  /** Refuses a wave waiting at its approval gate: it and its dependents are skipped. */
  public JsonNode reject(String executionId, String waveId, String reason) {
    return post(
        wavePath(executionId, waveId) + "/reject",
        fields("reason", reason),
        "reject wave '" + waveId + "' of execution '" + executionId + "'");
  }

  /** Launch nothing new until resumed; running waves are tracked. {@code reason} may be null. */
  public JsonNode pause(String executionId, String reason) {
    return post(
        executionPath(executionId) + "/pause",
        fields("reason", reason),
        "pause execution '" + executionId + "'");
  }

  public JsonNode resume(String executionId) {
    return post(
        executionPath(executionId) + "/resume", Map.of(), "resume execution '" + executionId + "'");
  }

  /**
   * Starts a new execution that takes over from a FAILED or TIMED_OUT one; {@code skipWaves} are
   * marked done without relaunching. Answers {@code {"executionId": <the new one>}}.
   */
  public JsonNode retry(String executionId, List<String> skipWaves, String reason) {
    Map<String, Object> body = fields("reason", reason);
    if (!skipWaves.isEmpty()) {
      body.put("skipWaves", List.copyOf(skipWaves));
    }
    return post(
        executionPath(executionId) + "/retry", body, "retry execution '" + executionId + "'");
  }

  /**
   * Asks for an ended drill's recovery instances to be terminated. Answers {@code {"executionId",
   * "cleanup": {"status", ...}}}: REQUESTED when this call asked for it, else the state of the
   * cleanup asked for before.
   */
  public JsonNode cleanup(String executionId) {
    return post(
        executionPath(executionId) + "/cleanup",
        Map.of(),
        "clean up execution '" + executionId + "'");
  }

  private JsonNode post(String path, Map<String, Object> body, String what) {
    return send(
        HttpRequest.newBuilder(uri(path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(toJson(body), StandardCharsets.UTF_8)),
        what);
  }

  private static String executionPath(String executionId) {
    return "/executions/" + encode(executionId);
  }

  private static String wavePath(String executionId, String waveId) {
    return executionPath(executionId) + "/waves/" + encode(waveId);
  }

  /** A request body with the one optional field, left out when the user did not give it. */
  private static Map<String, Object> fields(String name, String value) {
    Map<String, Object> body = new LinkedHashMap<>();
    if (value != null) {
      body.put(name, value);
    }
    return body;
  }

  private JsonNode send(HttpRequest.Builder request, String what) {
    token.get().ifPresent(bearer -> request.header("Authorization", "Bearer " + bearer));
    HttpResponse<String> response;
    try {
      response =
          http.send(
              request.timeout(TIMEOUT).header("Accept", "application/json").build(),
              HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (ConnectException e) {
      throw new CliException(
          "cannot reach the plan-service at " + baseUrl + " (connection refused); set --url");
    } catch (HttpTimeoutException e) {
      throw new CliException("the plan-service at " + baseUrl + " did not answer in time");
    } catch (IOException e) {
      throw new CliException("cannot talk to the plan-service at " + baseUrl + ": " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException("interrupted");
    }
    JsonNode body = parse(response.body());
    if (response.statusCode() / 100 != 2) {
      throw new ApiErrorException(what, response.statusCode(), errors(body, response.body()));
    }
    return body;
  }

  /** The service's error lines: {@code path: message} per field error, or its message. */
  static List<String> errors(JsonNode body, String raw) {
    List<String> lines = new ArrayList<>();
    for (JsonNode error : body.path("errors")) {
      String path = error.path("path").asText("");
      String message = error.path("message").asText();
      lines.add(path.isEmpty() ? message : path + ": " + message);
    }
    if (lines.isEmpty() && body.hasNonNull("error")) {
      lines.add(body.get("error").asText());
    }
    if (lines.isEmpty()) {
      lines.add(raw == null || raw.isBlank() ? "no details" : raw.strip());
    }
    return lines;
  }

  private static JsonNode parse(String body) {
    if (body == null || body.isBlank()) {
      return JSON.createObjectNode();
    }
    try {
      return JSON.readTree(body);
    } catch (JsonProcessingException e) {
      return JSON.createObjectNode();
    }
  }

  private URI uri(String path) {
    try {
      return URI.create(baseUrl + path);
    } catch (IllegalArgumentException e) {
      throw new CliException("malformed plan-service URL '" + baseUrl + "'");
    }
  }

  private static String encode(String segment) {
    return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static String singular(String kind) {
    return kind.equals("plans") ? "plan" : "protection group";
  }

  private static String toJson(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
