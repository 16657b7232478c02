package io.drsorch.drctl.cli;

import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.Writer;

/**
 * Where a command reads and writes: the process's streams in {@code main}, buffers in tests.
 *
 * @param terminal true when stdout is a terminal: live views then redraw in place
 */
public record Io(PrintWriter out, PrintWriter err, BufferedReader in, boolean terminal) {

  /** The same, but what goes to stdout is dropped: for live views under {@code -o json}. */
  public static Io quiet(Io io) {
    return new Io(new PrintWriter(Writer.nullWriter()), io.err(), io.in(), false);
  }
}
