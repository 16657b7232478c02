package io.drsorch.simulator.sts;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.drsorch.simulator.api.CallStats;
import io.drsorch.simulator.api.SigV4AccessKey;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves STS over the Query protocol: form-encoded parameters in the body or the query string, XML
 * answers. Only {@code AssumeRole} is served, and counted in the call counts like a DRS operation.
 *
 * <p>It answers at {@code /sts} and {@code /sts/}, and at {@code /} for a form-encoded POST: the
 * SDK's {@code StsClient} drops the path of its endpoint override (aws/aws-sdk-java-v2#3387), so
 * {@code endpointOverride(simulator + "/sts")} posts to {@code /}. No DRS call goes there: DRS
 * posts JSON to {@code /<Operation>}, so the DRS API keeps every other request.
 */
public final class StsHandler implements HttpHandler {

  public static final String PATH = "/sts";
  static final String VERSION = "2011-06-15";

  private static final Logger LOG = LoggerFactory.getLogger(StsHandler.class);

  private final AssumeRole assumeRole;
  private final CallStats stats;

  public StsHandler(AssumeRole assumeRole, CallStats stats) {
    this.assumeRole = assumeRole;
    this.stats = stats;
  }

  /** Whether a request is for STS rather than for the DRS API. */
  public static boolean accepts(HttpExchange exchange) {
    String path = exchange.getRequestURI().getPath();
    if (path.equals(PATH) || path.equals(PATH + "/")) {
      return true;
    }
    String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
    return path.equals("/")
        && "POST".equals(exchange.getRequestMethod())
        && contentType != null
        && contentType.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded");
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String requestId = UUID.randomUUID().toString();
      try {
        send(exchange, 200, serve(exchange, requestId), requestId);
      } catch (StsError error) {
        send(exchange, error.status(), StsXml.errorResponse(error, requestId), requestId);
      } catch (RuntimeException e) {
        LOG.error("{} {} failed", exchange.getRequestMethod(), exchange.getRequestURI(), e);
        send(exchange, 500, StsXml.errorResponse(StsError.internal(), requestId), requestId);
      }
    }
  }

  private String serve(HttpExchange exchange, String requestId) throws IOException {
    Map<String, String> parameters = parameters(exchange);
    String action = parameters.get("Action");
    if (action == null || action.isEmpty()) {
      throw StsError.missingAction();
    }
    String version = parameters.getOrDefault("Version", VERSION);
    if (!action.equals(AssumeRole.ACTION) || !version.equals(VERSION)) {
      throw StsError.invalidAction(
          "Could not find operation " + action + " for version " + version);
    }
    stats.record(AssumeRole.ACTION);
    String authorization = exchange.getRequestHeaders().getFirst("Authorization");
    RoleSession session = assumeRole.assume(parameters, SigV4AccessKey.of(authorization));
    return StsXml.assumeRoleResponse(session, requestId);
  }

  /** The query string's parameters and the form body's; the first of a repeated name wins. */
  private static Map<String, String> parameters(HttpExchange exchange) throws IOException {
    Map<String, String> parameters = new LinkedHashMap<>();
    addForm(exchange.getRequestURI().getRawQuery(), parameters);
    try (InputStream in = exchange.getRequestBody()) {
      addForm(new String(in.readAllBytes(), StandardCharsets.UTF_8), parameters);
    }
    return parameters;
  }

  private static void addForm(String form, Map<String, String> parameters) {
    if (form == null || form.isBlank()) {
      return;
    }
    for (String pair : form.strip().split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int equals = pair.indexOf('=');
      String name = equals < 0 ? pair : pair.substring(0, equals);
      String value = equals < 0 ? "" : pair.substring(equals + 1);
      parameters.putIfAbsent(decode(name), decode(value));
    }
  }

  private static String decode(String text) {
    try {
      return URLDecoder.decode(text, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException malformed) {
      throw StsError.validation("The request is not a valid form-encoded body: " + text);
    }
  }

  private static void send(HttpExchange exchange, int status, String xml, String requestId)
      throws IOException {
    byte[] bytes = xml.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/xml");
    exchange.getResponseHeaders().set("x-amzn-RequestId", requestId);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
