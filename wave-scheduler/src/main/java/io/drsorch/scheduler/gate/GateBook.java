package io.drsorch.scheduler.gate;

import io.drsorch.avro.LaunchWave;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the quota gate of one account and region holds, read and changed one attempt at a time: the
 * attempts forwarded and not released (their jobs counted against the quota), the launches waiting
 * in line, and the attempts released lately. {@link QuotaGate} decides; a book only keeps. Every
 * operation but {@link #line()} costs the same however many attempts the book holds, so that an
 * input's cost does not grow with the load or the history.
 */
public interface GateBook {

  /** What the gate knows of one attempt. */
  enum Status {
    /** Forwarded to the launcher; its jobs count against the quota until it is released. */
    ACTIVE,
    /** Waiting in line for capacity. */
    QUEUED,
    /** Released: ended, cancelled or set aside; a request of it is never launched again. */
    RELEASED
  }

  /** A launch waiting in line. */
  record Waiting(LaunchWave launch, int jobs) {

    public String requestId() {
      return launch.getRequestId();
    }
  }

  /** What the gate knows of this attempt, if anything. */
  Optional<Status> status(String requestId);

  /** DRS jobs held by the attempts forwarded and not released. */
  int activeJobs();

  /** Launches waiting in line. */
  int queued();

  /** The launch first in line, if any. */
  Optional<Waiting> head();

  /** Every launch in line, first first. Costs as much as the line is long. */
  List<Waiting> line();

  /** A request goes straight through: it holds {@code jobs} jobs from now on. */
  void activate(String requestId, int jobs);

  /** A request waits at the end of the line. */
  void enqueue(LaunchWave launch, int jobs);

  /** The launch first in line leaves it and holds its jobs from now on. */
  void activateHead();

  /**
   * The attempt frees what it held or leaves the line, and is remembered as released at {@code at},
   * whether the gate knew it before or not (a release may overtake its request).
   */
  void release(String requestId, Instant at);

  /**
   * Forgets at most {@code atMost} of the attempts released before {@code horizon}, oldest first.
   */
  void forgetReleasedBefore(Instant horizon, int atMost);
}
