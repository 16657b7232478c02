package io.drsorch.schemas.runtime;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * One {@code GET} on a new loopback connection, as an orchestrator's probe makes it, with a one
 * second limit on connecting and on the answer.
 */
final class Probe {

  static final Duration TIMEOUT = Duration.ofSeconds(1);

  /** The status of the answer and how long it took. */
  record Answer(int status, Duration took) {}

  private Probe() {}

  /**
   * @throws IOException when there is no answer within {@link #TIMEOUT} (a {@code
   *     SocketTimeoutException}) or the server closes the connection instead of answering
   */
  static Answer get(int port, String path) throws IOException {
    long start = System.nanoTime();
    try (Socket socket = new Socket()) {
      int timeout = (int) TIMEOUT.toMillis();
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), timeout);
      socket.setSoTimeout(timeout);
      OutputStream out = socket.getOutputStream();
      out.write(
          ("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
              .getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      BufferedReader in =
          new BufferedReader(
              new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
      String statusLine = in.readLine();
      if (statusLine == null) {
        throw new IOException("connection closed without an answer");
      }
      // "HTTP/1.1 200 OK"
      int status = Integer.parseInt(statusLine.split(" ")[1]);
      return new Answer(status, Duration.ofNanos(System.nanoTime() - start));
    }
  }
}
