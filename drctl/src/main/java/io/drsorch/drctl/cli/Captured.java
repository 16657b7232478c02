package io.drsorch.drctl.cli;

import io.drsorch.drctl.Drctl;
import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;

/**
 * One drctl command line run in this process with in-memory streams: for programs that embed drctl
 * and for tests.
 *
 * @param code the exit code
 * @param out what it printed on stdout
 * @param err what it printed on stderr
 */
public record Captured(int code, String out, String err) {

  /** Runs {@code args} with {@code stdin} as its input (null: none, as when piped from nothing). */
  public static Captured withInput(String stdin, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    Io io =
        new Io(
            new PrintWriter(out, true),
            new PrintWriter(err, true),
            new BufferedReader(new StringReader(stdin == null ? "" : stdin)),
            false);
    int code = Drctl.run(io, args);
    return new Captured(code, out.toString(), err.toString());
  }

  public static Captured run(String... args) {
    return withInput(null, args);
  }
}
