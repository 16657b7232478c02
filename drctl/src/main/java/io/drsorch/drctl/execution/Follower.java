package io.drsorch.drctl.execution;

import com.fasterxml.jackson.databind.JsonNode;
import io.drsorch.drctl.api.ApiErrorException;
import io.drsorch.drctl.api.PlanServiceApi;
import io.drsorch.drctl.cli.CliException;
import io.drsorch.drctl.cli.Io;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Follows one execution until it ends. On a terminal the view is redrawn in place; otherwise (a
 * log, a pipe, a test) the view is printed again, with a time stamp, whenever anything but the
 * clocks changed. Right after a request the view may not exist yet (the scheduler has not admitted
 * it): that is waited for, within {@link #NOT_FOUND_PATIENCE}.
 */
public final class Follower {

  static final Duration NOT_FOUND_PATIENCE = Duration.ofSeconds(60);

  private final Io io;
  private final PlanServiceApi api;
  private final Duration every;

  public Follower(Io io, PlanServiceApi api, Duration every) {
    this.io = io;
    this.api = api;
    this.every = every;
  }

  /**
   * @param limit give up after this long (null: never)
   * @return the execution's final view
   */
  public JsonNode follow(String executionId, Duration limit) {
    Instant started = Instant.now();
    List<String> previous = List.of();
    while (true) {
      JsonNode view = read(executionId, started);
      if (view != null) {
        List<String> lines = LiveView.lines(view, Instant.now());
        if (io.terminal()) {
          if (!previous.isEmpty()) {
            io.out().print("\u001b[" + previous.size() + "F\u001b[J");
          }
          lines.forEach(io.out()::println);
        } else if (!withoutClocks(lines).equals(withoutClocks(previous))) {
          io.out().println("[" + Instant.now() + "]");
          lines.forEach(io.out()::println);
        }
        io.out().flush();
        previous = lines;
        if (LiveView.isTerminal(view)) {
          return view;
        }
      }
      if (limit != null && Instant.now().isAfter(started.plus(limit))) {
        throw new CliException(
            "execution " + executionId + " did not end within " + limit + "; it goes on");
      }
      pause();
    }
  }

  private JsonNode read(String executionId, Instant started) {
    try {
      return api.execution(executionId);
    } catch (ApiErrorException e) {
      if (e.status() == 404 && Instant.now().isBefore(started.plus(NOT_FOUND_PATIENCE))) {
        return null;
      }
      throw e;
    }
  }

  private void pause() {
    try {
      Thread.sleep(every.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException("interrupted");
    }
  }

  private static List<String> withoutClocks(List<String> lines) {
    return lines.stream().map(l -> l.replaceAll("\\b[0-9]+(:[0-9]{2}){1,2}\\b", "")).toList();
  }
}
