package io.drsorch.scheduler.gate;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the quota gate of one account and region holds, read and changed one request at a time: the
 * requests forwarded and not released (their jobs and servers counted against the quotas, their
 * source servers locked), the requests waiting in line, and the requests released lately. A request
 * is a launch attempt or a drill cleanup's termination. {@link QuotaGate} decides; a book only
 * keeps. Every operation but {@link #line()} costs the same however many requests the book holds
 * (looking up locks costs as much as the servers asked about), so that an input's cost does not
 * grow with the load or the history.
 */
public interface GateBook {

  /** What the gate knows of one request. */
  enum Status {
    /** Forwarded to the launcher; its jobs and servers count, its servers are locked. */
    ACTIVE,
    /** Waiting in line. */
    QUEUED,
    /** Released: ended, cancelled or set aside; a request of it is never forwarded again. */
    RELEASED
  }

  /** A request waiting in line, with the jobs it will hold. */
  record Waiting(GateCommand command, int jobs) {

    public String requestId() {
      return command.requestId();
    }
  }

  /** What the gate knows of this request, if anything. */
  Optional<Status> status(String requestId);

  /** DRS jobs held by the requests forwarded and not released. */
  int activeJobs();

  /** Servers in the jobs of the requests forwarded and not released. */
  int activeServers();

  /** Requests waiting in line. */
  int queued();

  /** The request first in line, if any. */
  Optional<Waiting> head();

  /** Every request in line, first first. Costs as much as the line is long. */
  List<Waiting> line();

  /** Those of {@code serverIds} that a request forwarded and not released locks, in their order. */
  List<String> locked(List<String> serverIds);

  /** A request goes straight through: it holds {@code jobs} jobs, its servers and their locks. */
  void activate(GateCommand command, int jobs);

  /** A request waits at the end of the line. */
  void enqueue(GateCommand command, int jobs);

  /** The request first in line leaves it and holds its jobs, servers and locks from now on. */
  void activateHead();

  /**
   * The request frees what it held or leaves the line, and is remembered as released at {@code at},
   * whether the gate knew it before or not (a release may overtake its request).
   */
  void release(String requestId, Instant at);

  /**
   * Forgets at most {@code atMost} of the requests released before {@code horizon}, oldest first.
   */
  void forgetReleasedBefore(Instant horizon, int atMost);
}
