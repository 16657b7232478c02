package io.drsorch.drctl.execution;

import com.fasterxml.jackson.databind.JsonNode;
import io.drsorch.drctl.api.PlanServiceApi;
import io.drsorch.drctl.cli.CliException;
import io.drsorch.drctl.cli.Io;
import java.time.Duration;
import java.time.Instant;

/**
 * Reads an execution's view until its cleanup ended, printing its state line whenever it changes.
 * Right after the request the view may show no cleanup yet (the scheduler has not read the
 * command): that is waited for, within {@link #NOT_TAKEN_UP_PATIENCE}, after which the scheduler is
 * presumed not to be running rather than waited for forever.
 */
final class CleanupWaiter {

  static final Duration NOT_TAKEN_UP_PATIENCE = Duration.ofSeconds(60);

  private final Io io;
  private final PlanServiceApi api;
  private final Duration every;

  CleanupWaiter(Io io, PlanServiceApi api, Duration every) {
    this.io = io;
    this.api = api;
    this.every = every;
  }

  /**
   * @param limit give up after this long (null: never)
   * @return the ended cleanup, as the view shows it
   */
  JsonNode await(String executionId, Duration limit) {
    Instant started = Instant.now();
    String shown = null;
    while (true) {
      JsonNode cleanup = api.execution(executionId).path("cleanup");
      if (cleanup.isObject()) {
        if (CleanupText.ended(cleanup)) {
          return cleanup;
        }
        String line = CleanupText.state(executionId, cleanup);
        if (!line.equals(shown)) {
          io.out().println("[" + Instant.now() + "] " + line);
          io.out().flush();
          shown = line;
        }
      } else if (Instant.now().isAfter(started.plus(NOT_TAKEN_UP_PATIENCE))) {
        throw new CliException(
            "the scheduler has not taken up the cleanup of execution "
                + executionId
                + " within "
                + NOT_TAKEN_UP_PATIENCE.toSeconds()
                + " s: is the wave-scheduler running? see: drctl status "
                + executionId);
      }
      if (limit != null && Instant.now().isAfter(started.plus(limit))) {
        throw new CliException(
            "the cleanup of execution "
                + executionId
                + " did not end within "
                + limit
                + "; it goes on");
      }
      pause();
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
}
