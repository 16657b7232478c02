package io.drsorch.schemas.runtime;

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
 */
public final class HealthServer implements AutoCloseable {

  private final HttpServer server;

  private HealthServer(HttpServer server) {
    this.server = server;
  }

  /** Binds {@code host:port} (port 0 picks a free one) and starts serving. */
  public static HealthServer start(String host, int port, BooleanSupplier ready) {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 0);
      server.createContext(
          "/health/ready",
          exchange -> {
            boolean up = ready.getAsBoolean();
            respond(exchange, up ? 200 : 503, up ? "{\"status\":\"UP\"}" : "{\"status\":\"DOWN\"}");
          });
      server.createContext(
          "/health/live", exchange -> respond(exchange, 200, "{\"status\":\"UP\"}"));
      // A few threads, so a slow client of one context (a webhook, say) never stalls the probes.
      server.setExecutor(
          java.util.concurrent.Executors.newFixedThreadPool(
              4,
              runnable -> {
                Thread thread = new Thread(runnable, "http-" + port);
                thread.setDaemon(true);
                return thread;
              }));
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

  private static void respond(com.sun.net.httpserver.HttpExchange exchange, int code, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(code, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    if (server.getExecutor() instanceof java.util.concurrent.ExecutorService executor) {
      executor.shutdownNow();
    }
  }
}
