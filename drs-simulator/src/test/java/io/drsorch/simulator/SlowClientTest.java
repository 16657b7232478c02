package io.drsorch.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.drsorch.schemas.runtime.HttpTimeouts;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The simulator against connections that send one byte of a request and then nothing (real sockets
 * on loopback): its health check keeps answering and the stalled connections are closed at the
 * request deadline.
 */
@Timeout(value = 15, unit = TimeUnit.SECONDS)
class SlowClientTest {

  private static final String HEALTH = "/_sim/health";
  private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(1);
  private static final int PROBES = 10;
  private static final Duration BETWEEN_PROBES = Duration.ofMillis(200);

  /** The deadline, less a little for the moment the server saw the byte. */
  private static final Duration EARLIEST_CLOSE = HttpTimeouts.REQUEST.minusMillis(250);

  /** The deadline, one check interval, and slack for a busy machine. */
  private static final Duration LATEST_CLOSE =
      HttpTimeouts.REQUEST.plus(HttpTimeouts.CHECK_INTERVAL).plusSeconds(2);

  private DrsSimulator simulator;

  @BeforeEach
  void start() {
    simulator = DrsSimulator.start("127.0.0.1", 0);
  }

  @AfterEach
  void stop() {
    simulator.close();
  }

  @ParameterizedTest(name = "{0} slow connections")
  @ValueSource(ints = {8, 32})
  void
      givenConnectionsThatSendOneByteAndStop_whenTheHealthIsAsked_thenItAnswersWithinASecondAndTheyAreClosedAtTheDeadline(
          int connections) throws Exception {
    List<Socket> slow = new ArrayList<>();
    try {
      // given
      List<Long> sentNanos = new ArrayList<>();
      for (int i = 0; i < connections; i++) {
        Socket socket = connect();
        slow.add(socket);
        socket.getOutputStream().write('P');
        socket.getOutputStream().flush();
        sentNanos.add(System.nanoTime());
      }

      // when
      List<Duration> answers = new ArrayList<>();
      for (int i = 0; i < PROBES; i++) {
        answers.add(timedHealthCheck());
        Thread.sleep(BETWEEN_PROBES.toMillis());
      }
      List<Duration> closed = new ArrayList<>();
      for (int i = 0; i < connections; i++) {
        closed.add(closedAfter(slow.get(i), sentNanos.get(i)));
      }

      // then
      assertThat(answers).allSatisfy(took -> assertThat(took).isLessThan(PROBE_TIMEOUT));
      assertThat(closed)
          .allSatisfy(
              after -> assertThat(after).isNotNull().isBetween(EARLIEST_CLOSE, LATEST_CLOSE));
      System.out.printf(
          "%d one-byte connections: health answered within %d to %d ms; closed by the server %d"
              + " to %d ms after their byte%n",
          connections,
          answers.stream().mapToLong(Duration::toMillis).min().orElseThrow(),
          answers.stream().mapToLong(Duration::toMillis).max().orElseThrow(),
          closed.stream().mapToLong(Duration::toMillis).min().orElseThrow(),
          closed.stream().mapToLong(Duration::toMillis).max().orElseThrow());
    } finally {
      for (Socket socket : slow) {
        socket.close();
      }
    }
  }

  private Socket connect() throws IOException {
    Socket socket = new Socket();
    socket.connect(
        new InetSocketAddress(InetAddress.getLoopbackAddress(), simulator.port()),
        (int) PROBE_TIMEOUT.toMillis());
    return socket;
  }

  /** {@code GET /_sim/health} on a new connection, as a probe makes it; how long the 200 took. */
  private Duration timedHealthCheck() throws IOException {
    long start = System.nanoTime();
    try (Socket socket = connect()) {
      socket.setSoTimeout((int) PROBE_TIMEOUT.toMillis());
      OutputStream out = socket.getOutputStream();
      out.write(
          ("GET " + HEALTH + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
              .getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      String statusLine =
          new BufferedReader(
                  new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1))
              .readLine();
      assertThat(statusLine).startsWith("HTTP/1.1 200 ");
      return Duration.ofNanos(System.nanoTime() - start);
    }
  }

  /**
   * How long after {@code sentNanos} the server closed {@code socket}, waiting until {@link
   * #LATEST_CLOSE}; null when it is still open then.
   */
  private static Duration closedAfter(Socket socket, long sentNanos) throws IOException {
    long left = sentNanos + LATEST_CLOSE.toNanos() - System.nanoTime();
    if (left <= 0) {
      return null;
    }
    socket.setSoTimeout((int) Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
    try {
      assertThat(socket.getInputStream().read())
          .as("no answer to a request that never arrived whole")
          .isEqualTo(-1);
    } catch (SocketTimeoutException stillOpen) {
      return null;
    } catch (IOException reset) {
      // a reset is a close as well
    }
    return Duration.ofNanos(System.nanoTime() - sentNanos);
  }
}
