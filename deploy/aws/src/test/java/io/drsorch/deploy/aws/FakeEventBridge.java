package io.drsorch.deploy.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * EventBridge as the AWS SDK sees it, for the operations the wiring uses: the JSON 1.1 protocol
 * ({@code X-Amz-Target: AWSEvents.<Operation>}, {@code application/x-amz-json-1.1}, SigV4 with
 * signing name {@code events}), errors as {@code {"__type": ..., "message": ...}} with HTTP 400,
 * and state, so that each Describe answers what earlier calls made. Every accepted request is
 * recorded for the tests to check what EventBridge would have received.
 */
final class FakeEventBridge implements AutoCloseable {

  static final String ACCOUNT = "123456789012";

  /** One request as EventBridge received it. */
  record Call(String operation, JsonNode body) {}

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern SIGNING_SCOPE =
      Pattern.compile("Credential=[^/]+/\\d{8}/([a-z0-9-]+)/events/aws4_request");

  private final HttpServer server;
  private final List<Call> calls = new ArrayList<>();
  private final Map<String, ObjectNode> connections = new LinkedHashMap<>();
  private final Map<String, String> connectionSecrets = new LinkedHashMap<>();
  private final Map<String, ObjectNode> destinations = new LinkedHashMap<>();
  private final Map<String, ObjectNode> rules = new LinkedHashMap<>();
  private final Map<String, Map<String, ObjectNode>> targets = new LinkedHashMap<>();
  private final Map<String, String> refusals = new ConcurrentHashMap<>();

  private FakeEventBridge(HttpServer server) {
    this.server = server;
  }

  static FakeEventBridge start() throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    FakeEventBridge fake = new FakeEventBridge(server);
    server.createContext("/", fake::handle);
    server.start();
    return fake;
  }

  URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  synchronized List<Call> calls() {
    return List.copyOf(calls);
  }

  synchronized List<String> operations() {
    return calls.stream().map(Call::operation).toList();
  }

  synchronized List<Call> calls(String operation) {
    return calls.stream().filter(c -> c.operation().equals(operation)).toList();
  }

  synchronized void forgetCalls() {
    calls.clear();
  }

  /** The secret a connection holds, which EventBridge itself never returns. */
  synchronized String secretOf(String connectionName) {
    return connectionSecrets.get(connectionName);
  }

  /** Changes a rule behind the wiring's back, as someone in the console would. */
  synchronized void disableRule(String bus, String name) {
    rules.get(bus + "/" + name).put("State", "DISABLED");
  }

  /** Answers every later call of the operation with AccessDeniedException. */
  void denyAccessTo(String operation) {
    refusals.put(operation, "AccessDeniedException");
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
      String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
      String authorization = exchange.getRequestHeaders().getFirst("Authorization");
      byte[] raw = readAll(exchange.getRequestBody());
      if (!"POST".equals(exchange.getRequestMethod())
          || !"/".equals(exchange.getRequestURI().getPath())
          || target == null
          || !target.startsWith("AWSEvents.")
          || contentType == null
          || !contentType.startsWith("application/x-amz-json-1.1")) {
        reply(exchange, 400, error("UnknownOperationException", "not an EventBridge request"));
        return;
      }
      Matcher scope = SIGNING_SCOPE.matcher(authorization == null ? "" : authorization);
      if (authorization == null
          || !authorization.startsWith("AWS4-HMAC-SHA256 ")
          || !scope.find()) {
        reply(exchange, 400, error("MissingAuthenticationTokenException", "unsigned request"));
        return;
      }
      String operation = target.substring("AWSEvents.".length());
      JsonNode body = JSON.readTree(raw.length == 0 ? "{}".getBytes(StandardCharsets.UTF_8) : raw);
      String refusal = refusals.get(operation);
      if (refusal != null) {
        reply(
            exchange,
            400,
            error(refusal, "User is not authorized to perform: events:" + operation));
        return;
      }
      synchronized (this) {
        calls.add(new Call(operation, body));
        try {
          reply(exchange, 200, answer(operation, body, scope.group(1)));
        } catch (Refused e) {
          reply(exchange, 400, error(e.type, e.getMessage()));
        }
      }
    }
  }

  private ObjectNode answer(String operation, JsonNode body, String region) {
    return switch (operation) {
      case "DescribeConnection" -> describeConnection(body);
      case "CreateConnection" -> createConnection(body, region);
      case "UpdateConnection" -> updateConnection(body);
      case "DescribeApiDestination" -> describeApiDestination(body);
      case "CreateApiDestination" -> createApiDestination(body, region);
      case "UpdateApiDestination" -> updateApiDestination(body);
      case "DescribeRule" -> describeRule(body);
      case "PutRule" -> putRule(body, region);
      case "ListTargetsByRule" -> listTargetsByRule(body);
      case "PutTargets" -> putTargets(body);
      default -> throw new Refused("UnknownOperationException", "unknown operation " + operation);
    };
  }

  // Connections

  private ObjectNode describeConnection(JsonNode body) {
    ObjectNode connection = connections.get(required(body, "Name"));
    if (connection == null) {
      throw notFound("Connection", body.get("Name").asText());
    }
    return connection.deepCopy();
  }

  private ObjectNode createConnection(JsonNode body, String region) {
    String name = required(body, "Name");
    if (connections.containsKey(name)) {
      throw new Refused(
          "ResourceAlreadyExistsException", "Connection " + name + " already exists.");
    }
    String[] apiKey = apiKeyParameters(body);
    ObjectNode connection = JSON.createObjectNode();
    connection.put(
        "ConnectionArn",
        "arn:aws:events:%s:%s:connection/%s/%s"
            .formatted(region, ACCOUNT, name, UUID.randomUUID()));
    connection.put("Name", name);
    connection.put("Description", body.path("Description").asText(null));
    connection.put("ConnectionState", "AUTHORIZED");
    connection.put("AuthorizationType", "API_KEY");
    connection.put(
        "SecretArn",
        "arn:aws:secretsmanager:%s:%s:secret:events!connection/%s"
            .formatted(region, ACCOUNT, name));
    connection
        .putObject("AuthParameters")
        .putObject("ApiKeyAuthParameters")
        .put("ApiKeyName", apiKey[0]);
    connections.put(name, connection);
    connectionSecrets.put(name, apiKey[1]);
    return state(connection);
  }

  private ObjectNode updateConnection(JsonNode body) {
    String name = required(body, "Name");
    ObjectNode connection = connections.get(name);
    if (connection == null) {
      throw notFound("Connection", name);
    }
    if (body.has("Description")) {
      connection.put("Description", body.get("Description").asText());
    }
    if (body.has("AuthParameters")) {
      String[] apiKey = apiKeyParameters(body);
      ((ObjectNode) connection.get("AuthParameters").get("ApiKeyAuthParameters"))
          .put("ApiKeyName", apiKey[0]);
      connectionSecrets.put(name, apiKey[1]);
    }
    return state(connection);
  }

  private static String[] apiKeyParameters(JsonNode body) {
    if (!"API_KEY".equals(body.path("AuthorizationType").asText())) {
      throw new Refused("ValidationException", "AuthorizationType must be API_KEY here");
    }
    JsonNode apiKey = body.path("AuthParameters").path("ApiKeyAuthParameters");
    return new String[] {required(apiKey, "ApiKeyName"), required(apiKey, "ApiKeyValue")};
  }

  private static ObjectNode state(ObjectNode connection) {
    ObjectNode answer = JSON.createObjectNode();
    answer.set("ConnectionArn", connection.get("ConnectionArn"));
    answer.set("ConnectionState", connection.get("ConnectionState"));
    answer.put("LastModifiedTime", System.currentTimeMillis() / 1000.0);
    return answer;
  }

  // API destinations

  private ObjectNode describeApiDestination(JsonNode body) {
    ObjectNode destination = destinations.get(required(body, "Name"));
    if (destination == null) {
      throw notFound("ApiDestination", body.get("Name").asText());
    }
    return destination.deepCopy();
  }

  private ObjectNode createApiDestination(JsonNode body, String region) {
    String name = required(body, "Name");
    if (destinations.containsKey(name)) {
      throw new Refused(
          "ResourceAlreadyExistsException", "ApiDestination " + name + " already exists.");
    }
    ObjectNode destination = JSON.createObjectNode();
    destination.put(
        "ApiDestinationArn",
        "arn:aws:events:%s:%s:api-destination/%s/%s"
            .formatted(region, ACCOUNT, name, UUID.randomUUID()));
    destination.put("Name", name);
    destination.put("ApiDestinationState", "ACTIVE");
    applyDestination(destination, body);
    destinations.put(name, destination);
    return destinationState(destination);
  }

  private ObjectNode updateApiDestination(JsonNode body) {
    String name = required(body, "Name");
    ObjectNode destination = destinations.get(name);
    if (destination == null) {
      throw notFound("ApiDestination", name);
    }
    applyDestination(destination, body);
    return destinationState(destination);
  }

  private void applyDestination(ObjectNode destination, JsonNode body) {
    String connectionArn = required(body, "ConnectionArn");
    if (connections.values().stream()
        .noneMatch(c -> c.get("ConnectionArn").asText().equals(connectionArn))) {
      throw notFound("Connection", connectionArn);
    }
    String endpoint = required(body, "InvocationEndpoint");
    if (!endpoint.startsWith("https://")) {
      throw new Refused("ValidationException", "InvocationEndpoint must be an HTTPS URL");
    }
    String method = required(body, "HttpMethod");
    if (!List.of("POST", "GET", "HEAD", "OPTIONS", "PUT", "PATCH", "DELETE").contains(method)) {
      throw new Refused("ValidationException", "unknown HttpMethod " + method);
    }
    destination.put("ConnectionArn", connectionArn);
    destination.put("InvocationEndpoint", endpoint);
    destination.put("HttpMethod", method);
    destination.put(
        "InvocationRateLimitPerSecond", body.path("InvocationRateLimitPerSecond").asInt(300));
    if (body.has("Description")) {
      destination.put("Description", body.get("Description").asText());
    }
  }

  private static ObjectNode destinationState(ObjectNode destination) {
    ObjectNode answer = JSON.createObjectNode();
    answer.set("ApiDestinationArn", destination.get("ApiDestinationArn"));
    answer.set("ApiDestinationState", destination.get("ApiDestinationState"));
    return answer;
  }

  // Rules and targets

  private ObjectNode describeRule(JsonNode body) {
    ObjectNode rule = rules.get(ruleKey(body, "Name"));
    if (rule == null) {
      throw notFound("Rule", body.get("Name").asText());
    }
    return rule.deepCopy();
  }

  private ObjectNode putRule(JsonNode body, String region) {
    String name = required(body, "Name");
    String bus = body.path("EventBusName").asText("default");
    String pattern = required(body, "EventPattern");
    try {
      if (!JSON.readTree(pattern).isObject()) {
        throw new Refused("InvalidEventPatternException", "Event pattern is not a JSON object.");
      }
    } catch (IOException e) {
      throw new Refused("InvalidEventPatternException", "Event pattern is not valid JSON.");
    }
    ObjectNode rule = rules.computeIfAbsent(bus + "/" + name, k -> JSON.createObjectNode());
    String path = "default".equals(bus) ? name : bus + "/" + name;
    rule.put("Name", name);
    rule.put("Arn", "arn:aws:events:%s:%s:rule/%s".formatted(region, ACCOUNT, path));
    rule.put("EventBusName", bus);
    rule.put("EventPattern", pattern);
    rule.put("State", body.path("State").asText("ENABLED"));
    rule.put("Description", body.path("Description").asText(null));
    ObjectNode answer = JSON.createObjectNode();
    answer.set("RuleArn", rule.get("Arn"));
    return answer;
  }

  private ObjectNode listTargetsByRule(JsonNode body) {
    String key = ruleKey(body, "Rule");
    if (!rules.containsKey(key)) {
      throw notFound("Rule", body.get("Rule").asText());
    }
    ObjectNode answer = JSON.createObjectNode();
    ArrayNode list = answer.putArray("Targets");
    targets.getOrDefault(key, Map.of()).values().forEach(t -> list.add(t.deepCopy()));
    return answer;
  }

  private ObjectNode putTargets(JsonNode body) {
    String key = ruleKey(body, "Rule");
    if (!rules.containsKey(key)) {
      throw notFound("Rule", body.get("Rule").asText());
    }
    ObjectNode answer = JSON.createObjectNode();
    ArrayNode failed = answer.putArray("FailedEntries");
    for (JsonNode target : body.path("Targets")) {
      String arn = required(target, "Arn");
      boolean apiDestination = arn.contains(":api-destination/");
      if (apiDestination && !target.hasNonNull("RoleArn")) {
        // EventBridge refuses an API destination target it could not invoke.
        failed
            .addObject()
            .put("TargetId", target.path("Id").asText())
            .put("ErrorCode", "ValidationException")
            .put("ErrorMessage", "RoleArn is required for target arn " + arn);
        continue;
      }
      targets
          .computeIfAbsent(key, k -> new LinkedHashMap<>())
          .put(required(target, "Id"), ((ObjectNode) target).deepCopy());
    }
    answer.put("FailedEntryCount", failed.size());
    return answer;
  }

  private static String ruleKey(JsonNode body, String field) {
    return body.path("EventBusName").asText("default") + "/" + required(body, field);
  }

  // Protocol

  private static String required(JsonNode body, String field) {
    JsonNode value = body.get(field);
    if (value == null || value.isNull() || value.asText().isEmpty()) {
      throw new Refused(
          "ValidationException",
          "1 validation error detected: Value null at '"
              + field
              + "' failed to satisfy constraint");
    }
    return value.asText();
  }

  private static Refused notFound(String type, String name) {
    return new Refused(
        "ResourceNotFoundException",
        "Failed to describe the " + type + "(s). " + type + " '" + name + "' does not exist.");
  }

  private static ObjectNode error(String type, String message) {
    ObjectNode error = JSON.createObjectNode();
    error.put("__type", type);
    error.put("message", message);
    return error;
  }

  private static void reply(HttpExchange exchange, int status, ObjectNode body) throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(body);
    exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.1");
    exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static byte[] readAll(InputStream in) throws IOException {
    try (in) {
      return in.readAllBytes();
    }
  }

  /** A request EventBridge would refuse, with the error type it would name. */
  private static final class Refused extends RuntimeException {
    private final String type;

    Refused(String type, String message) {
      super(message);
      this.type = type;
    }
  }
}
