package io.drsorch.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.drsorch.schemas.runtime.HttpTimeouts;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntUnaryOperator;

/**
 * A real HTTP endpoint standing in for the job-watcher behind an API destination: it records every
 * POST it receives (headers and JSON body) and answers with the status a test chooses per request.
 */
final class EventReceiver implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** One request as received. */
  record Received(String method, Headers headers, JsonNode body) {

    String header(String name) {
      return headers.getFirst(name);
    }
  }

  private final HttpServer server;
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private volatile IntUnaryOperator statusOfRequest = n -> 200;
  private volatile Runnable beforeAnswer = () -> {};

  EventReceiver() {
    try {
      // The JDK server's deadlines are JVM-wide and fixed by the first server the JVM creates: set
      // them first, as DrsSimulator does, whichever of the two a test starts first.
      HttpTimeouts.install();
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/events", this::handle);
    server.start();
  }

  URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/events");
  }

  /** Answers each request with {@code status.applyAsInt(n)}, n counting requests from 1. */
  void answer(IntUnaryOperator status) {
    this.statusOfRequest = status;
  }

  /** Runs {@code action} before answering each request, e.g. to hold the answer back. */
  void beforeAnswering(Runnable action) {
    this.beforeAnswer = action;
  }

  List<Received> received() {
    return List.copyOf(received);
  }

  /** The bodies, in arrival order. */
  List<JsonNode> bodies() {
    return received.stream().map(Received::body).toList();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange;
        InputStream in = exchange.getRequestBody()) {
      byte[] body = in.readAllBytes();
      received.add(
          new Received(
              exchange.getRequestMethod(), exchange.getRequestHeaders(), JSON.readTree(body)));
      beforeAnswer.run();
      exchange.sendResponseHeaders(statusOfRequest.applyAsInt(received.size()), -1);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
