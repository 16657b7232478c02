package io.drsorch.drctl.execution;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * plan-service as drctl sees it: real HTTP on a loopback port, answering what a test scripted for a
 * method and path, and keeping every request drctl sent, so that a test asserts on both sides of
 * the contract (what drctl asked, what it made of the answer). A request nobody scripted is
 * answered 500 with a message naming it, which fails the test in words.
 */
final class PlanServiceStub implements AutoCloseable {

  /** One request as drctl sent it; {@code path} is raw, as on the wire (ids percent-encoded). */
  record Request(String method, String path, String contentType, String body) {}

  private record Answer(int status, String body) {}

  private final HttpServer server;
  private final Map<String, Deque<Answer>> answers = new ConcurrentHashMap<>();
  private final List<Request> requests = new CopyOnWriteArrayList<>();

  private PlanServiceStub(HttpServer server) {
    this.server = server;
  }

  static PlanServiceStub start() throws IOException {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    PlanServiceStub stub = new PlanServiceStub(server);
    server.createContext("/", stub::handle);
    server.start();
    return stub;
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /**
   * Answers {@code method path} with {@code bodies} in turn, each with {@code status}; the last one
   * again once they are used up (a status view read while following, say).
   */
  PlanServiceStub on(String method, String path, int status, String... bodies) {
    Deque<Answer> queue = new ArrayDeque<>();
    for (String body : bodies) {
      queue.add(new Answer(status, body));
    }
    answers.put(method + " " + path, queue);
    return this;
  }

  List<Request> requests() {
    return List.copyOf(requests);
  }

  /** The one request drctl sent to {@code method path}; fails when there were none or several. */
  Request only(String method, String path) {
    List<Request> sent =
        requests.stream().filter(r -> r.method().equals(method) && r.path().equals(path)).toList();
    if (sent.size() != 1) {
      throw new AssertionError(
          "expected one " + method + " " + path + ", drctl sent " + sent.size() + ": " + requests);
    }
    return sent.get(0);
  }

  private void handle(HttpExchange exchange) throws IOException {
    String method = exchange.getRequestMethod();
    String path = exchange.getRequestURI().getRawPath();
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    requests.add(
        new Request(method, path, exchange.getRequestHeaders().getFirst("Content-Type"), body));
    Answer answer = next(method + " " + path);
    byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private Answer next(String route) {
    Deque<Answer> queue = answers.get(route);
    if (queue == null || queue.isEmpty()) {
      return new Answer(500, "{\"error\": \"the stub has no answer for " + route + "\"}");
    }
    synchronized (queue) {
      return queue.size() > 1 ? queue.poll() : queue.peek();
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
