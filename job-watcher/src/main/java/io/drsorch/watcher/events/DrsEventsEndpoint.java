package io.drsorch.watcher.events;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /events/drs}: where an EventBridge rule's API destination delivers DRS {@code Source
 * Server Launch Result} events. An event only says "look at this job now"; the watcher then reads
 * it with DescribeJobs, so a forged-but-authenticated, duplicate, late or lost event changes at
 * most when a job's end is seen, never what is recorded.
 *
 * <ul>
 *   <li>404 when no API key is configured: the endpoint is disabled;
 *   <li>401 without the shared secret in the configured header (checked before the body is read);
 *   <li>413 for a body over {@link #MAX_BODY_BYTES}; 400 with a JSON reason for anything but a
 *       launch-result event with a DRS job id;
 *   <li>202 otherwise: {@code "polling"} when this instance watches the job (a DescribeJobs follows
 *       on the poller thread, never on this one), {@code "ignored"} for a job it does not watch
 *       (unknown, already completed, or on a partition another instance owns: polling covers it).
 * </ul>
 */
public final class DrsEventsEndpoint implements HttpHandler {

  public static final String PATH = "/events/drs";

  /** EventBridge events are at most 256 KiB; a launch result is well under 1 KiB. */
  public static final int MAX_BODY_BYTES = 64 * 1024;

  private static final Logger LOG = LoggerFactory.getLogger(DrsEventsEndpoint.class);

  private final String apiKeyHeader;
  private final ApiKey apiKey;
  private final Predicate<String> lookNow;

  /**
   * @param apiKeyHeader the header carrying the secret
   * @param apiKey the secret; null disables the endpoint
   * @param lookNow asks for an immediate poll of a job id, true when it is watched here; must not
   *     block
   */
  public DrsEventsEndpoint(String apiKeyHeader, String apiKey, Predicate<String> lookNow) {
    this.apiKeyHeader = apiKeyHeader;
    this.apiKey = apiKey == null ? null : new ApiKey(apiKey);
    this.lookNow = lookNow;
  }

  /** Adds the endpoint to a running server (the service's health server). */
  public void register(HttpServer server) {
    server.createContext(PATH, this);
  }

  public boolean enabled() {
    return apiKey != null;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try {
      if (!PATH.equals(exchange.getRequestURI().getPath()) || apiKey == null) {
        respond(exchange, 404, error(apiKey == null ? "disabled" : "not found"));
        return;
      }
      if (!"POST".equals(exchange.getRequestMethod())) {
        exchange.getResponseHeaders().set("Allow", "POST");
        respond(exchange, 405, error("POST only"));
        return;
      }
      if (!apiKey.matches(exchange.getRequestHeaders().getFirst(apiKeyHeader))) {
        respond(exchange, 401, error("missing or wrong " + apiKeyHeader));
        return;
      }
      byte[] body = readBounded(exchange);
      if (body == null) {
        respond(exchange, 413, error("body larger than " + MAX_BODY_BYTES + " bytes"));
        return;
      }
      String jobId;
      try {
        jobId = LaunchResultEvent.jobId(body);
      } catch (LaunchResultEvent.Malformed e) {
        respond(exchange, 400, error(e.getMessage()));
        return;
      }
      boolean watched = lookNow.test(jobId);
      LOG.debug("launch-result event for {}: {}", jobId, watched ? "polling" : "ignored");
      respond(
          exchange,
          202,
          "{\"jobId\":\"" + jobId + "\",\"status\":\"" + (watched ? "polling" : "ignored") + "\"}");
    } catch (IOException | RuntimeException e) {
      LOG.warn("launch-result event not handled: {}", e.toString());
      throw e;
    } finally {
      exchange.close();
    }
  }

  /** The body, or null when it is larger than allowed (by its Content-Length or in fact). */
  private static byte[] readBounded(HttpExchange exchange) throws IOException {
    String length = exchange.getRequestHeaders().getFirst("Content-Length");
    if (length != null) {
      try {
        if (Long.parseLong(length.trim()) > MAX_BODY_BYTES) {
          return null;
        }
      } catch (NumberFormatException e) {
        // the server rejects a malformed Content-Length before we get here; read and see
      }
    }
    try (InputStream in = exchange.getRequestBody()) {
      byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
      return body.length > MAX_BODY_BYTES ? null : body;
    }
  }

  private static String error(String reason) {
    return "{\"error\":\"" + reason.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}";
  }

  private static void respond(HttpExchange exchange, int status, String json) throws IOException {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
