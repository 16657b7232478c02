package io.drsorch.scheduler.gate;

import io.drsorch.avro.JobSlotsReleased;
import io.drsorch.avro.LaunchWave;
import io.drsorch.avro.WaveLaunchDeferred;
import io.drsorch.scheduler.core.Ids;
import io.drsorch.scheduler.gate.GateState.Queued;
import io.drsorch.scheduler.gate.GateState.Slot;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides which launches of one account and region go to DRS now and which wait, so that the
 * attempts forwarded and not yet released never hold more jobs than the quota. Pure: the outcome
 * depends only on the state, the input and its time.
 *
 * <p>Strictly first come, first served: a launch that would fit waits anyway while others wait
 * before it. A launch needing more jobs than the whole quota goes alone, once nothing else is
 * active, so it never waits forever. Requests and releases are keyed by request id: repeats change
 * nothing, and a release that overtakes its request (they travel on two topics) still wins.
 */
public final class QuotaGate {

  /** How long released request ids are remembered to refuse their late or repeated requests. */
  public static final Duration RELEASE_MEMORY = Duration.ofDays(7);

  private final JobQuota quota;

  public QuotaGate(JobQuota quota) {
    this.quota = quota;
  }

  /** What one input did: the new state, launches to forward, deferrals to announce. */
  public record Outcome(
      GateState state, List<LaunchWave> launches, List<WaveLaunchDeferred> deferrals) {}

  public Outcome request(GateState state, LaunchWave launch, Instant now) {
    Working w = new Working(state, now);
    if (w.before.knows(launch.getRequestId())) {
      return w.unchanged();
    }
    int jobs = quota.jobsNeeded(launch.getSourceServerIds().size());
    if (w.queue.isEmpty() && fits(w, jobs)) {
      w.activate(new Queued(launch, jobs));
    } else {
      w.queue.add(new Queued(launch, jobs));
    }
    return w.outcome(launch.getId());
  }

  public Outcome release(GateState state, JobSlotsReleased released, Instant now) {
    Working w = new Working(state, now);
    String requestId = released.getRequestId();
    if (w.released.containsKey(requestId)) {
      return w.unchanged();
    }
    w.released.put(requestId, now);
    w.active.removeIf(s -> s.requestId().equals(requestId));
    w.queue.removeIf(q -> q.requestId().equals(requestId));
    while (!w.queue.isEmpty() && fits(w, w.queue.get(0).jobs())) {
      w.activate(w.queue.remove(0));
    }
    return w.outcome(released.getId());
  }

  private boolean fits(Working w, int jobs) {
    int active = w.activeJobs();
    return active == 0 || active + jobs <= quota.maxConcurrentJobs();
  }

  /** A mutable copy of the state while one input is decided. */
  private final class Working {
    private final GateState before;
    private final Instant now;
    private final List<Slot> active;
    private final List<Queued> queue;
    private final Map<String, Instant> released = new LinkedHashMap<>();
    private final List<LaunchWave> launches = new ArrayList<>();

    Working(GateState before, Instant now) {
      this.before = before;
      this.now = now;
      this.active = new ArrayList<>(before.active());
      this.queue = new ArrayList<>(before.queue());
      Instant horizon = now.minus(RELEASE_MEMORY);
      before
          .released()
          .forEach(
              (id, at) -> {
                if (at.isAfter(horizon)) {
                  released.put(id, at);
                }
              });
    }

    int activeJobs() {
      return active.stream().mapToInt(Slot::jobs).sum();
    }

    void activate(Queued q) {
      active.add(new Slot(q.requestId(), q.launch().getExecutionId(), q.jobs()));
      launches.add(q.launch());
    }

    Outcome unchanged() {
      return new Outcome(before, List.of(), List.of());
    }

    /** Announces the place in line of every queued launch whose place is new or changed. */
    Outcome outcome(String causationId) {
      Map<String, Integer> oldPositions = new LinkedHashMap<>();
      for (int i = 0; i < before.queue().size(); i++) {
        oldPositions.put(before.queue().get(i).requestId(), i + 1);
      }
      List<WaveLaunchDeferred> deferrals = new ArrayList<>();
      int activeJobs = activeJobs();
      for (int i = 0; i < queue.size(); i++) {
        Queued q = queue.get(i);
        Integer old = oldPositions.get(q.requestId());
        if (old == null || old != i + 1) {
          deferrals.add(deferral(q, i + 1, activeJobs, causationId));
        }
      }
      return new Outcome(new GateState(active, queue, released), launches, deferrals);
    }

    private WaveLaunchDeferred deferral(Queued q, int position, int activeJobs, String cause) {
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
}
