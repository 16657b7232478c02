package io.drsorch.simulator.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;

/** Reading JSON requests and writing JSON answers on the JDK HTTP server. */
public final class HttpJson {

  public static final ObjectMapper MAPPER = new ObjectMapper();

  private HttpJson() {}

  /**
   * The request body as a JSON object; an empty body reads as {@code {}} (the SDK may send none for
   * an operation without input), anything else that is not an object as empty.
   */
  public static Optional<JsonNode> readObject(HttpExchange exchange) throws IOException {
    byte[] bytes;
    try (InputStream in = exchange.getRequestBody()) {
      bytes = in.readAllBytes();
    }
    if (bytes.length == 0 || new String(bytes, StandardCharsets.UTF_8).isBlank()) {
      return Optional.of(JsonNodeFactory.instance.objectNode());
    }
    try {
      JsonNode node = MAPPER.readTree(bytes);
      return node != null && node.isObject() ? Optional.of(node) : Optional.empty();
    } catch (JsonProcessingException e) {
      return Optional.empty();
    }
  }

  /** Sends {@code body} as JSON with {@code status}; headers already set are kept. */
  public static void send(HttpExchange exchange, int status, JsonNode body) throws IOException {
    byte[] bytes = MAPPER.writeValueAsBytes(body);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  /** Sends a DRS error: status, {@code x-amzn-ErrorType}, {@code Retry-After}, JSON body. */
  public static void sendError(HttpExchange exchange, DrsError error) throws IOException {
    exchange.getResponseHeaders().set("x-amzn-ErrorType", error.type());
    error
        .retryAfterSeconds()
        .ifPresent(
            seconds -> exchange.getResponseHeaders().set("Retry-After", Long.toString(seconds)));
    send(exchange, error.status(), error.body());
  }
}
