package io.drsorch.launcher.launch;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a wave's servers into the consecutive chunks that one StartRecovery call accepts (and a
 * termination's instances into TerminateRecoveryInstances calls).
 */
public final class Chunks {

  private Chunks() {}

  public static List<List<String>> of(List<String> items, int size) {
    if (size < 1) {
      throw new IllegalArgumentException("chunk size must be at least 1, got " + size);
    }
    List<List<String>> chunks = new ArrayList<>();
    for (int from = 0; from < items.size(); from += size) {
      chunks.add(List.copyOf(items.subList(from, Math.min(items.size(), from + size))));
    }
    return chunks;
  }
}
