package io.drsorch.plans.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.drsorch.avro.RecoveryPlan;
import io.drsorch.schemas.registry.SchemaRegistryClient;
import io.drsorch.schemas.runtime.TransientFailures;
import io.drsorch.schemas.topics.Topic;
import io.drsorch.schemas.topics.Topics;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Which decoding failures are read again (the registry could not be asked) and which are
 * dead-lettered (the record is at fault), from what the project's serde really throws.
 */
class TransientFailuresTest {

  /** A record in the wire format: magic byte 0, schema id 7, then three bytes of Avro. */
  private static final byte[] RECORD = {0, 0, 0, 0, 7, 2, 4, 6};

  private static Throwable decodeFailure(String registryUrl, byte[] record) {
    Topic<RecoveryPlan> topic =
        Topic.bind(Topics.RECOVERY_PLANS, new SchemaRegistryClient(registryUrl));
    Throwable failure =
        catchThrowable(
            () -> topic.value().deserializer().deserialize(Topics.RECOVERY_PLANS.name(), record));
    assertThat(failure).as("decoding %s", registryUrl).isNotNull();
    return failure;
  }

  /** A registry that answers every schema lookup with {@code status} and {@code body}. */
  private static HttpServer registry(int status, String body) throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/apis/ccompat/v7/schemas/ids/",
        exchange -> {
          byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(status, bytes.length);
          exchange.getResponseBody().write(bytes);
          exchange.close();
        });
    server.start();
    return server;
  }

  private static String url(HttpServer server) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/apis/ccompat/v7";
  }

  @Test
  void givenNoRegistryListening_whenARecordFailsToDecode_thenReadAgain() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }

    Throwable failure = decodeFailure("http://127.0.0.1:" + port + "/apis/ccompat/v7", RECORD);

    assertThat(TransientFailures.isOfTheMoment(failure)).isTrue();
  }

  @ParameterizedTest(name = "HTTP {0}")
  @CsvSource({"500, true", "502, true", "503, true", "429, true", "404, false", "422, false"})
  void givenTheRegistryAnswering_whenASchemaLookupFails_thenReadAgainOnlyForItsOwnTrouble(
      int status, boolean readAgain) throws Exception {
    HttpServer server =
        registry(status, "{\"error_code\": " + status + "03, \"message\": \"no schema\"}");
    try {
      Throwable failure = decodeFailure(url(server), RECORD);

      assertThat(TransientFailures.isOfTheMoment(failure)).isEqualTo(readAgain);
    } finally {
      server.stop(0);
    }
  }

  @Test
  void givenAnAnswerThatIsNotTheRegistrysJson_whenLookingUp_thenReadAgain() throws Exception {
    HttpServer server = registry(200, "<html>proxy login</html>");
    try {
      assertThat(TransientFailures.isOfTheMoment(decodeFailure(url(server), RECORD))).isTrue();
    } finally {
      server.stop(0);
    }
  }

  @Test
  void givenTheRecordItselfIsAtFault_thenDeadLettered() throws Exception {
    String schema =
        new ObjectMapper()
            .writeValueAsString(Map.of("schema", RecoveryPlan.getClassSchema().toString()));
    HttpServer server = registry(200, schema);
    try {
      String url = url(server);
      // a wrong magic byte, too few bytes, Avro that does not decode with the writer's schema
      assertThat(TransientFailures.isOfTheMoment(decodeFailure(url, new byte[] {1, 0, 0, 0, 7, 2})))
          .isFalse();
      assertThat(TransientFailures.isOfTheMoment(decodeFailure(url, new byte[] {0, 0}))).isFalse();
      assertThat(TransientFailures.isOfTheMoment(decodeFailure(url, RECORD))).isFalse();
    } finally {
      server.stop(0);
    }
  }

  @Test
  void givenAnInterruptedLookup_thenReadAgain() {
    assertThat(TransientFailures.isOfTheMoment(new RuntimeException(new InterruptedException())))
        .isTrue();
  }
}
