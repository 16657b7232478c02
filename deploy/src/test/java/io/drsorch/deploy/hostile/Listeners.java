package io.drsorch.deploy.hostile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The TCP ports a process listens on, read from Linux's {@code /proc} as {@code ss -ltnp} would:
 * its socket inodes from {@code /proc/<pid>/fd}, matched against the LISTEN rows of {@code
 * /proc/net/tcp} and {@code tcp6}.
 */
final class Listeners {

  /** One listening socket: its local address as the kernel prints it, decoded, and its port. */
  record Listener(String address, int port) {

    boolean isLoopback() {
      return address.startsWith("127.")
          || address.equals("::1")
          || address.startsWith("::ffff:127.");
    }
  }

  private static final String LISTEN = "0A";

  private Listeners() {}

  static List<Listener> of(long pid) throws IOException {
    Set<String> inodes = socketInodes(pid);
    List<Listener> listeners = new ArrayList<>();
    listeners.addAll(read(Path.of("/proc/net/tcp"), inodes, false));
    listeners.addAll(read(Path.of("/proc/net/tcp6"), inodes, true));
    return listeners;
  }

  private static Set<String> socketInodes(long pid) throws IOException {
    Set<String> inodes = new HashSet<>();
    try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
      for (Path fd : fds.toList()) {
        try {
          String target = Files.readSymbolicLink(fd).toString();
          if (target.startsWith("socket:[")) {
            inodes.add(target.substring(8, target.length() - 1));
          }
        } catch (IOException closedMeanwhile) {
          // the descriptor was closed while listing: it was not a listener we care about
        }
      }
    }
    return inodes;
  }

  private static List<Listener> read(Path table, Set<String> inodes, boolean v6)
      throws IOException {
    List<Listener> listeners = new ArrayList<>();
    if (!Files.exists(table)) {
      return listeners;
    }
    List<String> lines = Files.readAllLines(table);
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.trim().split("\\s+");
      // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode
      if (f.length > 9 && f[3].equals(LISTEN) && inodes.contains(f[9])) {
        String[] local = f[1].split(":");
        listeners.add(
            new Listener(v6 ? ipv6(local[0]) : ipv4(local[0]), Integer.parseInt(local[1], 16)));
      }
    }
    return listeners;
  }

  /** The kernel prints an IPv4 address as one little-endian 32-bit hex word. */
  private static String ipv4(String hex) {
    long word = Long.parseLong(hex, 16);
    return (word & 0xff)
        + "."
        + ((word >> 8) & 0xff)
        + "."
        + ((word >> 16) & 0xff)
        + "."
        + ((word >> 24) & 0xff);
  }

  /** An IPv6 address: four such words; mapped IPv4 and the usual short forms decoded. */
  private static String ipv6(String hex) {
    String[] words = new String[4];
    for (int i = 0; i < 4; i++) {
      String w = hex.substring(i * 8, i * 8 + 8);
      words[i] = w.substring(6, 8) + w.substring(4, 6) + w.substring(2, 4) + w.substring(0, 2);
    }
    String all = String.join("", words).toLowerCase();
    if (all.equals("0".repeat(32))) {
      return "::";
    }
    if (all.equals("0".repeat(31) + "1")) {
      return "::1";
    }
    if (all.startsWith("0".repeat(20) + "ffff")) {
      return "::ffff:"
          + ipv4(
              words[3].substring(6, 8)
                  + words[3].substring(4, 6)
                  + words[3].substring(2, 4)
                  + words[3].substring(0, 2));
    }
    return all;
  }
}
