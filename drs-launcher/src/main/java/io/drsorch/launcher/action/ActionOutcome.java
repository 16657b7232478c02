package io.drsorch.launcher.action;

import java.util.List;
import java.util.Map;

/** What became of one RunWaveAction: the action started, or it was refused for good. */
public sealed interface ActionOutcome permits ActionOutcome.Started, ActionOutcome.Refused {

  /**
   * The action runs: an SSM automation was accepted (its id, the client token it was started with,
   * the parameters as sent), or an HTTP check is the watcher's to make (all three empty).
   */
  record Started(
      String automationExecutionId, String clientToken, Map<String, List<String>> parameters)
      implements ActionOutcome {
    public Started {
      parameters = Map.copyOf(parameters);
    }

    /** An HTTP check: nothing to start, the job-watcher asks the URL. */
    static Started httpCheck() {
      return new Started(null, null, Map.of());
    }
  }

  /**
   * The action was not started, and trying again would not start it: refused by SSM (or STS) for
   * good, or after the retries of what may pass, or before any call (a malformed command, a
   * deadline already passed).
   */
  record Refused(String errorCode, String message) implements ActionOutcome {

    /** What WaveActionEnded's reason says: the code, then the words. */
    public String reason() {
      return errorCode + ": " + message;
    }
  }
}
