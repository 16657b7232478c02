package io.drsorch.simulator;

import java.util.List;
import java.util.stream.IntStream;

/** Well-formed source server ids for tests: {@code s-} and 17 alphanumerics. */
final class ServerIds {

  private ServerIds() {}

  static String id(int n) {
    return String.format("s-%017d", n);
  }

  static List<String> ids(int from, int count) {
    return IntStream.range(from, from + count).mapToObj(ServerIds::id).toList();
  }
}
