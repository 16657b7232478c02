package io.drsorch.schemas.runtime;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;

/**
 * A minimal HTTP endpoint for a plain Java service: {@code GET /health/ready} answers 200 when the
 * service is ready (consuming, or Streams RUNNING) and 503 otherwise; {@code GET /health/live}
 * answers 200 while the process runs. The local stack waits on it; orchestrators probe it. Services
 * may add their own contexts through {@link #server()}.
 *
 * <p>It is made by {@link HttpServers}, so slow or stalled clients (of a webhook mounted here, or
 * anyone who can reach the port) are cut off after {@link HttpTimeouts#REQUEST} and cannot take
 * every worker from the probes.
 */
public final class HealthServer implements AutoCloseable {

  private final HttpServer server;

  private HealthServer(HttpServer server) {
    this.server = server;
  }

  /** Binds {@code host:port} (port 0 picks a free one) and starts serving. */
  public static HealthServer start(String host, int port, BooleanSupplier ready) {
    try {
      InetSocketAddress address = new InetSocketAddress(host, port);
      HttpServer server = HttpServers.create(address, "http-" + port);
      server.createContext(
          "/health/ready",
          exchange -> {
            boolean up = ready.getAsBoolean();
            respond(exchange, up ? 200 : 503, up ? "{\"status\":\"UP\"}" : "{\"status\":\"DOWN\"}");
          });
      server.createContext(
          "/health/live", exchange -> respond(exchange, 200, "{\"status\":\"UP\"}"));
      server.start();
      return new HealthServer(server);
    } catch (IOException e) {
      throw new IllegalStateException("cannot listen on " + host + ":" + port + ": " + e, e);
    }
  }

  public HttpServer server() {
    return server;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private static void respond(HttpExchange exchange, int code, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(code, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    HttpServers.stop(server);
  }
}
