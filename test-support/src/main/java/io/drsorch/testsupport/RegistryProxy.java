package io.drsorch.testsupport;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A proxy in front of a schema registry that can answer 503, as a registry under strain does, to
 * registering under one subject or to looking up one schema id, and 401 to a request without a
 * login it was told to require; everything else is passed through. For showing what a service does
 * while the registry fails some of its requests.
 */
public final class RegistryProxy implements AutoCloseable {

  private final HttpServer server;
  private final URI target;
  private final HttpClient client = HttpClient.newHttpClient();
  private final AtomicReference<String> refusedSubject = new AtomicReference<>();
  private final AtomicInteger refusedId = new AtomicInteger(-1);
  private final AtomicInteger registrationRefusals = new AtomicInteger();
  private final AtomicInteger lookupRefusals = new AtomicInteger();
  private final AtomicReference<String> login = new AtomicReference<>();

  private RegistryProxy(URI target) throws IOException {
    this.target = target;
    this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::answer);
    server.start();
  }

  /** A proxy of the registry at {@code registryUrl} (its Confluent-compatible API). */
  public static RegistryProxy of(String registryUrl) throws IOException {
    return new RegistryProxy(URI.create(registryUrl));
  }

  /** The proxy's URL, with the same API path as the registry's. */
  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + target.getPath();
  }

  /** Answers 503 to registering a schema under this subject (null: to none). */
  public void refuseRegistering(String subject) {
    refusedSubject.set(subject);
  }

  /** Answers 503 to looking up the schema of this id (-1: of none). */
  public void refuseSchemaId(int id) {
    refusedId.set(id);
  }

  /**
   * Answers 401 to every request without this HTTP basic login ({@code user:password}; null: none
   * asked), as a registry with authentication does.
   */
  public void requireLogin(String userInfo) {
    login.set(userInfo);
  }

  public int registrationRefusals() {
    return registrationRefusals.get();
  }

  public int lookupRefusals() {
    return lookupRefusals.get();
  }

  private void answer(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getRawPath();
      byte[] body = exchange.getRequestBody().readAllBytes();
      String required = login.get();
      if (required != null
          && !("Basic "
                  + java.util.Base64.getEncoder()
                      .encodeToString(required.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
              .equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
        exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"registry\"");
        exchange.sendResponseHeaders(401, -1);
        return;
      }
      String subject = refusedSubject.get();
      if (subject != null
          && exchange.getRequestMethod().equals("POST")
          && path.contains("/subjects/" + subject + "/versions")) {
        registrationRefusals.incrementAndGet();
        exchange.sendResponseHeaders(503, -1);
        return;
      }
      int id = refusedId.get();
      if (id >= 0 && path.endsWith("/schemas/ids/" + id)) {
        lookupRefusals.incrementAndGet();
        exchange.sendResponseHeaders(503, -1);
        return;
      }
      HttpRequest.Builder forward =
          HttpRequest.newBuilder(target.resolve(exchange.getRequestURI().toString()))
              .method(
                  exchange.getRequestMethod(),
                  body.length == 0
                      ? HttpRequest.BodyPublishers.noBody()
                      : HttpRequest.BodyPublishers.ofByteArray(body));
      for (String header : List.of("Content-Type", "Accept")) {
        String value = exchange.getRequestHeaders().getFirst(header);
        if (value != null) {
          forward.header(header, value);
        }
      }
      HttpResponse<byte[]> answer =
          client.send(forward.build(), HttpResponse.BodyHandlers.ofByteArray());
      answer
          .headers()
          .firstValue("Content-Type")
          .ifPresent(v -> exchange.getResponseHeaders().add("Content-Type", v));
      exchange.sendResponseHeaders(
          answer.statusCode(), answer.body().length == 0 ? -1 : answer.body().length);
      exchange.getResponseBody().write(answer.body());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
