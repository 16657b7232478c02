package io.drsorch.scheduler.admission;

import io.drsorch.avro.ExecutionRequested;
import io.drsorch.avro.PreflightMode;
import io.drsorch.scheduler.core.Preflight;
import io.drsorch.scheduler.core.Reasons;
import java.util.Optional;

/**
 * Refuses a request whose readiness check found a server not ready, unless it asked to run anyway
 * ({@code WARN}). Checked before the plan's slot: a plan must not be held by an execution that
 * cannot start, and the check is what the request says, so a replay refuses it again.
 */
final class PreflightGate {

  private PreflightGate() {}

  /** The rejection's reason, naming every not-ready server kept; empty when it may run. */
  static Optional<String> refusal(ExecutionRequested request) {
    Preflight verdict = Preflight.of(request.getPreflight());
    if (verdict == null || verdict.mode() == PreflightMode.WARN || !verdict.hasProblems()) {
      return Optional.empty();
    }
    return Optional.of(Reasons.cut("pre-flight: " + verdict.summary()));
  }
}
