package io.drsorch.drctl.execution;

import java.time.Duration;
import picocli.CommandLine.Option;

/** {@code --follow} and how: shared by {@code run} and {@code status}. */
public final class FollowOptions {

  @Option(
      names = {"-f", "--follow"},
      description = "show the execution live until it ends; exit code says how it ended")
  boolean follow;

  @Option(
      names = "--interval",
      paramLabel = "DURATION",
      description = "how often the live view reads the status (ISO-8601; default ${DEFAULT-VALUE})",
      defaultValue = "PT0.5S")
  Duration interval;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      description = "stop following after this long (ISO-8601, e.g. PT2H; default: never)")
  Duration timeout;

  public boolean follow() {
    return follow;
  }
}
