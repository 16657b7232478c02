package io.drsorch.simulator.ssm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.drsorch.simulator.account.Accounts;
import io.drsorch.simulator.api.CallStats;
import io.drsorch.simulator.api.HttpJson;
import io.drsorch.simulator.api.SigV4AccessKey;
import io.drsorch.simulator.api.SigV4Region;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves SSM over its JSON 1.1 protocol: {@code POST /} with {@code X-Amz-Target:
 * AmazonSSM.<Operation>}, JSON bodies of type {@code application/x-amz-json-1.1}, errors as HTTP
 * 400 (500 for the service's own) with {@code {"__type", "message"}}. Calls and refusals are
 * counted with the DRS ones, by operation name; each call works on the account and region of the
 * credentials it was signed with, found as for DRS.
 *
 * <p>It shares {@code POST /} with STS's form-encoded Query protocol; the target header tells them
 * apart (see {@link #accepts}).
 */
public final class SsmHandler implements HttpHandler {

  public static final String TARGET_PREFIX = "AmazonSSM.";
  static final String CONTENT_TYPE = "application/x-amz-json-1.1";

  private static final Logger LOG = LoggerFactory.getLogger(SsmHandler.class);

  private final Map<String, SsmOperation> operations;
  private final Accounts accounts;
  private final CallStats stats;

  public SsmHandler(List<SsmOperation> operations, Accounts accounts, CallStats stats) {
    this.operations =
        operations.stream()
            .collect(Collectors.toUnmodifiableMap(SsmOperation::name, Function.identity()));
    this.accounts = accounts;
    this.stats = stats;
  }

  /** Whether a request is for SSM: a POST to the root naming an SSM operation in its target. */
  public static boolean accepts(HttpExchange exchange) {
    String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
    return "POST".equals(exchange.getRequestMethod())
        && "/".equals(exchange.getRequestURI().getPath())
        && target != null
        && target.startsWith(TARGET_PREFIX);
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String operation =
          exchange.getRequestHeaders().getFirst("X-Amz-Target").substring(TARGET_PREFIX.length());
      try {
        send(exchange, 200, serve(exchange, operation));
      } catch (SsmError error) {
        stats.recordRefusal(operation, error.code());
        send(exchange, error.status(), errorBody(error));
      } catch (RuntimeException e) {
        LOG.error("SSM {} failed", operation, e);
        send(exchange, 500, errorBody(SsmError.internal()));
      }
    }
  }

  private JsonNode serve(HttpExchange exchange, String name) throws IOException {
    SsmOperation operation = operations.get(name);
    if (operation == null) {
      exchange.getRequestBody().readAllBytes();
      throw SsmError.unknownOperation(TARGET_PREFIX + name);
    }
    stats.record(operation.name());
    Optional<JsonNode> body = HttpJson.readObject(exchange);
    if (body.isEmpty()) {
      throw SsmError.serialization("The request body is not a JSON object");
    }
    String authorization = exchange.getRequestHeaders().getFirst("Authorization");
    SsmCaller caller =
        new SsmCaller(
            accounts.ofAccessKey(SigV4AccessKey.of(authorization)).accountId(),
            SigV4Region.of(authorization));
    return operation.handle(caller, body.get());
  }

  private static ObjectNode errorBody(SsmError error) {
    return JsonNodeFactory.instance
        .objectNode()
        .put("__type", error.code())
        .put("message", error.getMessage());
  }

  private static void send(HttpExchange exchange, int status, JsonNode body) throws IOException {
    byte[] bytes = HttpJson.MAPPER.writeValueAsBytes(body);
    exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
    exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
