package io.drsorch.scheduler.gate;

import io.drsorch.avro.JobSlotsReleased;
import io.drsorch.avro.LaunchWave;
import io.drsorch.avro.WaveLaunchDeferred;
import io.drsorch.scheduler.core.Ids;
import io.drsorch.scheduler.gate.GateBook.Status;
import io.drsorch.scheduler.gate.GateBook.Waiting;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decides which launches of one account and region go to DRS now and which wait, so that the
 * attempts forwarded and not yet released never hold more jobs than the quota. The outcome depends
 * only on the book, the input and its time; the book is changed accordingly.
 *
 * <p>Strictly first come, first served: a launch that would fit waits anyway while others wait
 * before it. A launch needing more jobs than the whole quota goes alone, once nothing else is
 * active, so it never waits forever. Requests and releases are keyed by request id: repeats change
 * nothing, and a release that overtakes its request (they travel on two topics) still wins.
 *
 * <p>Cost: a request, and a release while nobody waits, read and write a few entries of the book,
 * whatever it holds. A release while launches wait reads the line twice, to announce every place
 * that changed: the line exists only while DRS's quota is the bottleneck, and then releases come at
 * the pace DRS ends jobs.
 */
public final class QuotaGate {

  /** How long released request ids are remembered to refuse their late or repeated requests. */
  public static final Duration RELEASE_MEMORY = Duration.ofDays(7);

  /**
   * Releases older than {@link #RELEASE_MEMORY} forgotten per input at most: forgetting keeps pace
   * with remembering (one release per attempt, and attempts come as inputs) at a bounded cost.
   */
  static final int FORGOTTEN_PER_INPUT = 4;

  private final JobQuota quota;

  public QuotaGate(JobQuota quota) {
    this.quota = quota;
  }

  /** What one input did besides changing the book: launches to forward, deferrals to announce. */
  public record Outcome(List<LaunchWave> launches, List<WaveLaunchDeferred> deferrals) {

    public static final Outcome NONE = new Outcome(List.of(), List.of());
  }

  public Outcome request(GateBook book, LaunchWave launch, Instant now) {
    if (book.status(launch.getRequestId()).isPresent()) {
      return Outcome.NONE;
    }
    int jobs = quota.jobsNeeded(launch.getSourceServerIds().size());
    Outcome outcome;
    if (book.queued() == 0 && fits(book, jobs)) {
      book.activate(launch.getRequestId(), jobs);
      outcome = new Outcome(List.of(launch), List.of());
    } else {
      book.enqueue(launch, jobs);
      WaveLaunchDeferred deferral =
          deferral(
              new Waiting(launch, jobs), book.queued(), book.activeJobs(), launch.getId(), now);
      outcome = new Outcome(List.of(), List.of(deferral));
    }
    book.forgetReleasedBefore(now.minus(RELEASE_MEMORY), FORGOTTEN_PER_INPUT);
    return outcome;
  }

  public Outcome release(GateBook book, JobSlotsReleased released, Instant now) {
    String requestId = released.getRequestId();
    Optional<Status> status = book.status(requestId);
    if (status.isPresent() && status.get() == Status.RELEASED) {
      return Outcome.NONE;
    }
    List<Waiting> lineBefore = book.queued() == 0 ? List.of() : book.line();
    book.release(requestId, now);
    List<LaunchWave> launches = new ArrayList<>();
    for (Optional<Waiting> head = book.head();
        head.isPresent() && fits(book, head.get().jobs());
        head = book.head()) {
      book.activateHead();
      launches.add(head.get().launch());
    }
    List<WaveLaunchDeferred> moved = movedPlaces(book, lineBefore, released.getId(), now);
    book.forgetReleasedBefore(now.minus(RELEASE_MEMORY), FORGOTTEN_PER_INPUT);
    return new Outcome(launches, moved);
  }

  private boolean fits(GateBook book, int jobs) {
    int active = book.activeJobs();
    return active == 0 || active + jobs <= quota.maxConcurrentJobs();
  }

  /** Announces the new place in line of every launch still waiting whose place changed. */
  private List<WaveLaunchDeferred> movedPlaces(
      GateBook book, List<Waiting> lineBefore, String causationId, Instant now) {
    if (lineBefore.isEmpty() || book.queued() == 0) {
      return List.of();
    }
    Map<String, Integer> oldPlaces = new HashMap<>();
    for (int i = 0; i < lineBefore.size(); i++) {
      oldPlaces.put(lineBefore.get(i).requestId(), i + 1);
    }
    List<WaveLaunchDeferred> deferrals = new ArrayList<>();
    List<Waiting> line = book.line();
    int activeJobs = book.activeJobs();
    for (int i = 0; i < line.size(); i++) {
      Integer old = oldPlaces.get(line.get(i).requestId());
      if (old == null || old != i + 1) {
        deferrals.add(deferral(line.get(i), i + 1, activeJobs, causationId, now));
      }
    }
    return deferrals;
  }

  /** The deferral announcing {@code q} at {@code position}; the processor measures its size. */
  WaveLaunchDeferred deferral(Waiting q, int position, int activeJobs, String cause, Instant now) {
    LaunchWave l = q.launch();
    return WaveLaunchDeferred.newBuilder()
        .setId(Ids.of("WaveLaunchDeferred", l.getRequestId(), cause))
        .setExecutionId(l.getExecutionId())
        .setOccurredAt(now)
        .setCausationId(cause)
        .setWaveId(l.getWaveId())
        .setAttempt(l.getAttempt())
        .setRequestId(l.getRequestId())
        .setAccountId(l.getAccountId())
        .setRegion(l.getRegion())
        .setJobsNeeded(q.jobs())
        .setActiveJobs(activeJobs)
        .setQuota(quota.maxConcurrentJobs())
        .setPosition(position)
        .build();
  }
}
