package io.drsorch.schemas.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The health server against clients that start a request and never finish it. Real sockets on
 * loopback; the closing times also show that the JDK server's deadline properties, set by {@link
 * HttpTimeouts}, took effect on this JDK.
 */
@Timeout(value = 15, unit = TimeUnit.SECONDS)
class HealthServerTest {

  /** Earliest close: the deadline, less a little for the moment the server saw the first byte. */
  private static final Duration EARLIEST_CLOSE = HttpTimeouts.REQUEST.minusMillis(250);

  /** Latest close: the deadline, one check interval, and slack for a busy machine. */
  private static final Duration LATEST_CLOSE =
      HttpTimeouts.REQUEST.plus(HttpTimeouts.CHECK_INTERVAL).plusSeconds(2);

  private static final int PROBES = 10;
  private static final Duration BETWEEN_PROBES = Duration.ofMillis(200);

  private HealthServer health;

  @BeforeEach
  void start() {
    health = HealthServer.start("127.0.0.1", 0, () -> true);
  }

  @AfterEach
  void stop() {
    health.close();
  }

  @ParameterizedTest(name = "{0} slow connections")
  @ValueSource(ints = {8, 32})
  void
      givenConnectionsThatSendOneByteAndStop_whenProbed_thenReadyAnswersWithinASecondAndTheyAreClosedAfterTheRequestDeadline(
          int connections) throws Exception {
    try (SlowClients slow = SlowClients.open(health.port(), connections, "G")) {
      // when
      List<Duration> answers = new ArrayList<>();
      for (int i = 0; i < PROBES; i++) {
        Probe.Answer answer = Probe.get(health.port(), "/health/ready");
        assertThat(answer.status()).isEqualTo(200);
        answers.add(answer.took());
        Thread.sleep(BETWEEN_PROBES.toMillis());
      }
      List<Duration> closed = slow.closedAfter(LATEST_CLOSE);

      // then
      assertThat(answers).allSatisfy(took -> assertThat(took).isLessThan(Probe.TIMEOUT));
      assertThat(closed)
          .allSatisfy(
              after -> assertThat(after).isNotNull().isBetween(EARLIEST_CLOSE, LATEST_CLOSE));
      report(connections + " one-byte connections", answers, closed);
    }
  }

  @Test
  void givenConnectionsThatSendNothing_whenTheRequestDeadlinePasses_thenTheyAreClosed()
      throws Exception {
    try (SlowClients silent = SlowClients.open(health.port(), 8, "")) {
      // when
      List<Duration> closed = silent.closedAfter(LATEST_CLOSE);

      // then
      assertThat(closed)
          .allSatisfy(
              after -> assertThat(after).isNotNull().isBetween(EARLIEST_CLOSE, LATEST_CLOSE));
      report("8 silent connections", List.of(), closed);
    }
  }

  @Test
  void givenABodyThatTricklesWithoutEnd_whenAHandlerReadsIt_thenItIsCutOffAtTheRequestDeadline()
      throws Exception {
    // given: a handler that reads the whole body, as the watcher's webhook does
    CompletableFuture<Throwable> handlerRead = new CompletableFuture<>();
    health
        .server()
        .createContext(
            "/sink",
            exchange -> {
              try (exchange;
                  InputStream in = exchange.getRequestBody()) {
                in.readAllBytes();
                handlerRead.complete(null);
              } catch (IOException e) {
                handlerRead.complete(e);
              }
            });

    try (SlowClients trickle =
        SlowClients.open(
            health.port(),
            1,
            "POST /sink HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 1000000\r\n\r\n{")) {
      // when: a byte every 200 ms, so no single read waits long
      trickle.keepSending(' ', Duration.ofMillis(200));
      List<Duration> closed = trickle.closedAfter(LATEST_CLOSE);

      // then: the connection is closed and the worker reading the body is set free
      assertThat(closed.get(0)).isNotNull().isBetween(EARLIEST_CLOSE, LATEST_CLOSE);
      assertThat(handlerRead.get(2, TimeUnit.SECONDS)).isInstanceOf(IOException.class);
      assertThat(Probe.get(health.port(), "/health/live").status()).isEqualTo(200);
      report("1 endless body", List.of(), closed);
    }
  }

  /** The timings, in the test's output, for whoever reads the report. */
  private static void report(String what, List<Duration> answers, List<Duration> closed) {
    String probes =
        answers.isEmpty()
            ? ""
            : "; probes answered within "
                + answers.stream().mapToLong(Duration::toMillis).min().orElseThrow()
                + " to "
                + answers.stream().mapToLong(Duration::toMillis).max().orElseThrow()
                + " ms";
    System.out.printf(
        "%s: closed by the server %d to %d ms after they opened%s%n",
        what,
        closed.stream().mapToLong(Duration::toMillis).min().orElseThrow(),
        closed.stream().mapToLong(Duration::toMillis).max().orElseThrow(),
        probes);
  }
}
