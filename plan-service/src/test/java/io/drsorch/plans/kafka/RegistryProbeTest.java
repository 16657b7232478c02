package io.drsorch.plans.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** When an undecodable record counts as garbage: only while the registry answers. */
class RegistryProbeTest {

  @ParameterizedTest(name = "HTTP {0}")
  @CsvSource({"200, true", "401, true", "404, true", "500, false", "503, false"})
  void givenARegistryAnswering_whenProbed_thenUpUnlessItFails(int status, boolean up)
      throws Exception {
    // given
    HttpServer registry = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    registry.createContext(
        "/apis/ccompat/v7/subjects",
        exchange -> {
          exchange.sendResponseHeaders(status, -1);
          exchange.close();
        });
    registry.start();
    try {
      String url = "http://127.0.0.1:" + registry.getAddress().getPort() + "/apis/ccompat/v7";

      // when / then
      assertThat(new RegistryProbe(url).isUp()).isEqualTo(up);
    } finally {
      registry.stop(0);
    }
  }

  @Test
  void givenNothingListening_whenProbed_thenDown() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    assertThat(new RegistryProbe("http://127.0.0.1:" + port + "/apis/ccompat/v7/").isUp())
        .isFalse();
  }
}
