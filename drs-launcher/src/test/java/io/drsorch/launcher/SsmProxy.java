package io.drsorch.launcher;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stands between the launcher's SSM clients and the simulator's SSM API, passing every call on, to
 * do to StartAutomationExecution what the simulator's faults do to DRS calls only: answer it late
 * (the automation exists at once, its answer comes after the launcher was stopped) or refuse it
 * with a ThrottlingException as SSM would.
 */
final class SsmProxy implements AutoCloseable {

  private static final String START = "AmazonSSM.StartAutomationExecution";

  /** Headers the JDK's client sets itself. */
  private static final Set<String> NOT_PASSED =
      Set.of("connection", "content-length", "expect", "host", "upgrade");

  private final URI target;
  private final HttpServer server;
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final HttpClient client = HttpClient.newHttpClient();
  private final AtomicInteger lateAnswers = new AtomicInteger();
  private final AtomicInteger throttled = new AtomicInteger();
  private volatile Duration lateBy = Duration.ZERO;

  private SsmProxy(URI target) throws IOException {
    this.target = target;
    this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::handle);
    server.setExecutor(threads);
    server.start();
  }

  static SsmProxy to(URI target) {
    try {
      return new SsmProxy(target);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** The next {@code times} starts reach SSM at once, and their answers come {@code late}. */
  void answerNextStartsLate(int times, Duration late) {
    lateBy = late;
    lateAnswers.set(times);
  }

  /** The next {@code times} starts are refused with SSM's ThrottlingException, not passed on. */
  void throttleNextStarts(int times) {
    throttled.set(times);
  }

  void clear() {
    lateAnswers.set(0);
    throttled.set(0);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body = exchange.getRequestBody().readAllBytes();
      boolean start = START.equals(exchange.getRequestHeaders().getFirst("X-Amz-Target"));
      if (start && takeOne(throttled)) {
        answer(
            exchange,
            400,
            "application/x-amz-json-1.1",
            "{\"__type\":\"ThrottlingException\",\"message\":\"Rate exceeded\"}"
                .getBytes(StandardCharsets.UTF_8));
        return;
      }
      HttpRequest.Builder forward =
          HttpRequest.newBuilder(target.resolve(exchange.getRequestURI().toString()))
              .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
      for (Map.Entry<String, List<String>> header : exchange.getRequestHeaders().entrySet()) {
        if (!NOT_PASSED.contains(header.getKey().toLowerCase())) {
          header.getValue().forEach(v -> forward.header(header.getKey(), v));
        }
      }
      HttpResponse<byte[]> response =
          client.send(forward.build(), HttpResponse.BodyHandlers.ofByteArray());
      if (start && takeOne(lateAnswers)) {
        Thread.sleep(lateBy.toMillis());
      }
      answer(
          exchange,
          response.statusCode(),
          response.headers().firstValue("Content-Type").orElse("application/x-amz-json-1.1"),
          response.body());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static boolean takeOne(AtomicInteger left) {
    return left.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
  }

  private static void answer(HttpExchange exchange, int status, String type, byte[] body)
      throws IOException {
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
