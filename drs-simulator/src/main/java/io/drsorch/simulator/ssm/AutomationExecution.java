package io.drsorch.simulator.ssm;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One automation execution. The document version it runs is fixed at its start, so its whole course
 * is too: InProgress until {@code start + duration}, then the document's outcome; its status is
 * derived from the clock on every read, like a DRS job's, so no timer is needed and a test can
 * drive it with a clock of its own. Only a stop changes it afterwards.
 *
 * <p>The stop instant is only set under the lock of {@link AutomationExecutions}; it is volatile so
 * that answers built after the lock is released see it.
 */
public final class AutomationExecution {

  private final String id;
  private final String accountId;
  private final String region;
  private final AutomationDocument document;
  private final String requestedVersion;
  private final Map<String, List<String>> parameters;
  private final String clientToken;
  private final Instant startedAt;
  private final Instant endsAt;
  private volatile Instant stoppedAt;

  AutomationExecution(
      String id,
      String accountId,
      String region,
      AutomationDocument document,
      String requestedVersion,
      Map<String, List<String>> parameters,
      String clientToken,
      Instant startedAt) {
    this.id = id;
    this.accountId = accountId;
    this.region = region;
    this.document = document;
    this.requestedVersion = requestedVersion;
    this.parameters = AutomationDocument.copy(parameters);
    this.clientToken = clientToken;
    this.startedAt = startedAt;
    this.endsAt = startedAt.plus(document.duration());
  }

  public String id() {
    return id;
  }

  public String accountId() {
    return accountId;
  }

  public String region() {
    return region;
  }

  public AutomationDocument document() {
    return document;
  }

  /** The {@code DocumentVersion} the start request named, null when it named none. */
  String requestedVersion() {
    return requestedVersion;
  }

  public Map<String, List<String>> parameters() {
    return parameters;
  }

  /** The client token of its start, null without one. */
  public String clientToken() {
    return clientToken;
  }

  public Instant startedAt() {
    return startedAt;
  }

  public String statusAt(Instant now) {
    if (stoppedAt != null) {
      return "Cancelled";
    }
    return now.isBefore(endsAt) ? "InProgress" : document.outcome().name();
  }

  public boolean endedAt(Instant now) {
    return stoppedAt != null || !now.isBefore(endsAt);
  }

  /** When it ended: stopped, or its duration over; empty while it runs. */
  public Optional<Instant> endTimeAt(Instant now) {
    if (stoppedAt != null) {
      return Optional.of(stoppedAt);
    }
    return now.isBefore(endsAt) ? Optional.empty() : Optional.of(endsAt);
  }

  /** The failure message once it has failed or timed out; empty otherwise (also once stopped). */
  public Optional<String> failureMessageAt(Instant now) {
    return stoppedAt == null && endedAt(now) && document.outcome().failed()
        ? Optional.of(document.effectiveFailureMessage())
        : Optional.empty();
  }

  /** The document's outputs once it has succeeded; none before, nor after a failure or a stop. */
  public Map<String, List<String>> outputsAt(Instant now) {
    return "Success".equals(statusAt(now)) ? document.outputs() : Map.of();
  }

  /**
   * Cancels it if it still runs; an ended one stays as it ended. Answers whether it was running.
   */
  boolean stop(Instant now) {
    if (endedAt(now)) {
      return false;
    }
    stoppedAt = now;
    return true;
  }
}
