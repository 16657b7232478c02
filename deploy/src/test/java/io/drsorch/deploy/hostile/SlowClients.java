package io.drsorch.deploy.hostile;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * Connections that send one byte of a request and then nothing, as a slowloris client does: the
 * cheapest way to hold a server's request-reading threads. Loopback only; closed together.
 */
final class SlowClients implements AutoCloseable {

  private final List<Socket> sockets = new ArrayList<>();

  private SlowClients() {}

  /** Opens {@code count} connections to {@code 127.0.0.1:port}, each having sent one byte. */
  static SlowClients open(int port, int count) throws IOException {
    SlowClients clients = new SlowClients();
    try {
      for (int i = 0; i < count; i++) {
        Socket socket = new Socket();
        clients.sockets.add(socket);
        socket.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
        socket.getOutputStream().write('G');
        socket.getOutputStream().flush();
      }
    } catch (IOException e) {
      clients.close();
      throw e;
    }
    return clients;
  }

  @Override
  public void close() {
    for (Socket socket : sockets) {
      try {
        socket.close();
      } catch (IOException ignored) {
        // closing a probe connection: nothing to do about a failure
      }
    }
  }
}
