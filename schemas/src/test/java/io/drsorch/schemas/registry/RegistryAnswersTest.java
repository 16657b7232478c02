package io.drsorch.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * How the client reports a registry's refusals: "try again later" answers as a transient failure
 * (an IOException cause), an answer about the request itself as the record's fault.
 */
class RegistryAnswersTest {

  private final AtomicInteger status = new AtomicInteger();

  /** How many registrations are answered 409 before the status above applies. */
  private final AtomicInteger conflicts = new AtomicInteger();

  private final AtomicInteger registrations = new AtomicInteger();
  private HttpServer server;
  private SchemaRegistryClient client;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        exchange -> {
          int code = status.get();
          if (exchange.getRequestURI().getPath().endsWith("/versions")) {
            registrations.incrementAndGet();
            if (conflicts.getAndDecrement() > 0) {
              code = 409;
            }
          }
          byte[] body =
              (code == 200
                      ? "{\"id\":42}"
                      : "{\"error_code\":"
                          + code
                          + ","
                          + "\"message\":\""
                          + "x".repeat(5000)
                          + "\"}")
                  .getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(code, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
    client = new SchemaRegistryClient("http://127.0.0.1:" + server.getAddress().getPort());
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @Test
  void givenARegistryThatCannotAnswerNow_whenASchemaIsLookedUp_thenTheFailureIsTransient() {
    for (int code : new int[] {500, 502, 503, 504, 408, 429}) {
      status.set(code);
      assertThatThrownBy(() -> client.schemaById(7))
          .as("HTTP %d", code)
          .isInstanceOf(RegistryUnavailableException.class)
          .hasCauseInstanceOf(IOException.class)
          .hasMessageContaining("HTTP " + code);
    }
  }

  @Test
  void givenAnAnswerAboutTheRequest_whenASchemaIsLookedUp_thenItIsTheRecordsFaultAndShort() {
    for (int code : new int[] {404, 409, 422}) {
      status.set(code);
      assertThatThrownBy(() -> client.schemaById(7))
          .as("HTTP %d", code)
          .isInstanceOf(SerializationException.class)
          .isNotInstanceOf(RegistryUnavailableException.class)
          .satisfies(e -> assertThat(e.getCause()).isNull())
          .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(700));
    }
  }

  @Test
  void givenTwoProcessesRegisteringANewSubjectAtOnce_whenTheLoserIsAnswered409_thenItAsksAgain() {
    // given Apicurio's answer to the second of two simultaneous first registrations
    status.set(200);
    conflicts.set(1);
    // when
    int id = client.register("drs.execution-requests-value", SCHEMA);
    // then
    assertThat(id).isEqualTo(42);
    assertThat(registrations.get()).isEqualTo(2);
  }

  @Test
  void givenAnIncompatibleSchema_whenRegistered_thenThe409IsReportedAfterAFewTries() {
    // given a registry that keeps refusing, as Confluent's does an incompatible schema
    status.set(200);
    conflicts.set(100);
    // then
    assertThatThrownBy(() -> client.register("drs.execution-requests-value", SCHEMA))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("HTTP 409");
    assertThat(registrations.get()).isEqualTo(3);
  }

  private static final org.apache.avro.Schema SCHEMA =
      org.apache.avro.SchemaBuilder.record("R").fields().requiredString("a").endRecord();
}
