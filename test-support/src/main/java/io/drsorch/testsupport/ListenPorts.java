package io.drsorch.testsupport;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ports for processes a test starts that listen on 127.0.0.1, chosen <em>below</em> the kernel's
 * ephemeral range.
 *
 * <p>Why not {@code new ServerSocket(0)}: that hands out an ephemeral port and closes it, and until
 * the child process binds it, any outgoing connection on the machine (a Kafka client, an HTTP call)
 * may be given that very port as its local end; the child then dies with "Address already in use".
 * Services that the chaos test restarts on the same port have the same window at every restart.
 * Outgoing connections never take a port outside the ephemeral range, so a port chosen below it
 * stays free unless another listener takes it, which the bind check here rules out at the moment of
 * choosing, and the set of ports already handed out rules out within this JVM.
 */
public final class ListenPorts {

  private static final Path RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
  private static final int LOWEST = 10_000;
  private static final Set<Integer> handedOut = new HashSet<>();

  private ListenPorts() {}

  /** A port no process listens on now, not handed out before in this JVM. */
  public static synchronized int next() {
    int[] window = window();
    int size = window[1] - window[0];
    int start = ThreadLocalRandom.current().nextInt(size);
    for (int i = 0; i < size; i++) {
      int port = window[0] + (start + i) % size;
      if (!handedOut.contains(port) && bindable(port)) {
        handedOut.add(port);
        return port;
      }
    }
    throw new IllegalStateException(
        "no free port between " + window[0] + " and " + window[1] + " on 127.0.0.1");
  }

  /** [lowest, highest) of the ports to choose from: from 10000 up to the ephemeral range. */
  static int[] window() {
    int ephemeralLow = 32_768;
    try {
      String[] range = Files.readString(RANGE).trim().split("\\s+");
      ephemeralLow = Integer.parseInt(range[0]);
    } catch (IOException | RuntimeException e) {
      // Not Linux, or no /proc: keep the usual Linux default.
    }
    // An unusually wide ephemeral range leaves little below it; then some overlap is accepted.
    return new int[] {LOWEST, Math.max(ephemeralLow, LOWEST + 1_000)};
  }

  private static boolean bindable(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
