package io.drsorch.schemas.runtime;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Connections to a loopback port that start a request and never finish it, as a slow-loris client
 * does: each sends a prefix (one byte, or nothing) and then stays silent. Tells when the server
 * closed each of them.
 */
final class SlowClients implements AutoCloseable {

  private static final int CONNECT_TIMEOUT_MILLIS = 1_000;

  /** A connection and when its prefix was sent. */
  private record Client(Socket socket, long sentNanos) {}

  private final List<Client> clients;

  private SlowClients(List<Client> clients) {
    this.clients = clients;
  }

  /** {@code count} connections to {@code 127.0.0.1:port} that each send {@code prefix} once. */
  static SlowClients open(int port, int count, String prefix) throws IOException {
    List<Client> clients = new ArrayList<>();
    try {
      for (int i = 0; i < count; i++) {
        Socket socket = new Socket();
        clients.add(new Client(socket, 0));
        socket.connect(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), port), CONNECT_TIMEOUT_MILLIS);
        OutputStream out = socket.getOutputStream();
        out.write(prefix.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        clients.set(i, new Client(socket, System.nanoTime()));
      }
    } catch (IOException | RuntimeException e) {
      closeAll(clients);
      throw e;
    }
    return new SlowClients(clients);
  }

  /**
   * Waits up to {@code limit} after each connection's prefix for the server to close it, and
   * answers for each how long after its prefix it was seen closed; {@code null} for one still open
   * at its limit.
   *
   * @throws AssertionError when the server answers instead: these requests are never complete
   */
  List<Duration> closedAfter(Duration limit) throws IOException {
    List<Duration> closed = new ArrayList<>();
    for (Client client : clients) {
      closed.add(awaitClose(client, client.sentNanos() + limit.toNanos()));
    }
    return closed;
  }

  private static Duration awaitClose(Client client, long deadlineNanos) throws IOException {
    long left = deadlineNanos - System.nanoTime();
    if (left <= 0) {
      return null;
    }
    Socket socket = client.socket();
    socket.setSoTimeout((int) Math.max(1, Duration.ofNanos(left).toMillis()));
    try {
      int read = socket.getInputStream().read();
      if (read != -1) {
        throw new AssertionError("the server answered a request that was never complete");
      }
    } catch (SocketTimeoutException stillOpen) {
      return null;
    } catch (IOException reset) {
      // a reset is a close as well
    }
    return Duration.ofNanos(System.nanoTime() - client.sentNanos());
  }

  /**
   * From now on, each connection sends one more byte every {@code interval} until the server closes
   * it: a client that makes progress, too slowly to ever finish.
   */
  void keepSending(char next, Duration interval) {
    for (Client client : clients) {
      Thread sender =
          new Thread(
              () -> {
                try {
                  OutputStream out = client.socket().getOutputStream();
                  while (!client.socket().isClosed()) {
                    Thread.sleep(interval.toMillis());
                    out.write(next);
                    out.flush();
                  }
                } catch (IOException | InterruptedException closed) {
                  // the server (or the test) closed the connection: stop sending
                }
              },
              "slow-sender");
      sender.setDaemon(true);
      sender.start();
    }
  }

  @Override
  public void close() {
    closeAll(clients);
  }

  private static void closeAll(List<Client> clients) {
    for (Client client : clients) {
      try {
        client.socket().close();
      } catch (IOException ignored) {
        // on the way out; a failed close leaves nothing to undo
      }
    }
  }
}
