package io.drsorch.schemas.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class HttpServersTest {

  private static final int WORKERS = 4;

  @Test
  @Timeout(value = 15, unit = TimeUnit.SECONDS)
  void givenEveryWorkerHeldBySlowClients_whenProbed_thenRefusedAtOnceAndAnsweredOnceTheyAreClosed()
      throws Exception {
    // given: a server with few workers, each held by a connection that sent one byte
    HttpServer server =
        HttpServers.create(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), "test-http", WORKERS);
    server.createContext(
        "/ping",
        exchange -> {
          try (exchange) {
            exchange.sendResponseHeaders(204, -1);
          }
        });
    server.start();
    int port = server.getAddress().getPort();
    try (SlowClients slow = SlowClients.open(port, WORKERS, "G")) {
      Thread.sleep(300); // the server hands each to a worker as its byte arrives

      // when / then: no worker is left; the connection is closed rather than kept waiting
      long start = System.nanoTime();
      assertThatThrownBy(() -> Probe.get(port, "/ping"))
          .isInstanceOf(IOException.class)
          .isNotInstanceOf(SocketTimeoutException.class);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Probe.TIMEOUT);

      // when / then: the slow ones closed at their deadline, the workers serve again
      List<Duration> closed =
          slow.closedAfter(HttpTimeouts.REQUEST.plus(HttpTimeouts.CHECK_INTERVAL).plusSeconds(2));
      assertThat(closed).doesNotContainNull();
      // A worker is free again once the server has finished with the closed connection, a moment
      // after the client saw it closed: the probe may meet the last refusal first.
      await()
          .atMost(Duration.ofSeconds(3))
          .pollInterval(Duration.ofMillis(100))
          .ignoreExceptionsInstanceOf(IOException.class)
          .untilAsserted(() -> assertThat(Probe.get(port, "/ping").status()).isEqualTo(204));
    } finally {
      HttpServers.stop(server);
    }
  }

  @Test
  void givenADeadlineSetOnTheCommandLine_whenInstalled_thenItIsKept() {
    String name = "sun.net.httpserver.maxRspTime";
    String before = System.getProperty(name);
    try {
      // given
      System.setProperty(name, "77");

      // when
      HttpTimeouts.install();

      // then
      assertThat(System.getProperty(name)).isEqualTo("77");
      assertThat(System.getProperty("sun.net.httpserver.maxReqTime"))
          .isEqualTo(HttpTimeouts.properties().get("sun.net.httpserver.maxReqTime"));
    } finally {
      if (before == null) {
        System.clearProperty(name);
      } else {
        System.setProperty(name, before);
      }
    }
  }
}
