package io.drsorch.drctl.cli;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

/**
 * Where a command reads and writes: the process's streams in {@code main}, buffers in tests.
 *
 * @param terminal true when stdout is a terminal: live views then redraw in place
 */
public record Io(PrintWriter out, PrintWriter err, BufferedReader in, boolean terminal) {

  /** The process's own stdout, stderr and stdin, in UTF-8; a terminal when it has a console. */
  public static Io ofProcess() {
    return new Io(
        new PrintWriter(System.out, true, StandardCharsets.UTF_8),
        new PrintWriter(System.err, true, StandardCharsets.UTF_8),
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)),
        System.console() != null);
  }

  /** The same, but what goes to stdout is dropped: for live views under {@code -o json}. */
  public static Io quiet(Io io) {
    return new Io(new PrintWriter(Writer.nullWriter()), io.err(), io.in(), false);
  }
}
