package io.drsorch.scheduler.gate;

import io.drsorch.avro.GateLimit;
import io.drsorch.avro.JobSlotsReleased;
import io.drsorch.avro.LaunchWave;
import io.drsorch.avro.TerminateRecoveryInstances;
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
 * Decides which requests of one account and region go to DRS now and which wait, so that the
 * requests forwarded and not yet released never hold more jobs nor more servers than DRS's quotas,
 * and never two of them the same source server. A request is a wave's launch or a drill cleanup's
 * termination: DRS counts TERMINATE jobs against the same quotas, and a TERMINATE job locks its
 * servers as a launch job does. The outcome depends only on the book, the input and its time; the
 * book is changed accordingly.
 *
 * <p>The rules:
 *
 * <ul>
 *   <li>Strictly first come, first served, launches and terminations in one line in the order they
 *       came: a request that would fit waits anyway while others wait before it. So a termination
 *       never waits for launches that came after it, and those before it go in their turn: every
 *       active request ends (a wave's attempt is released when it ends or times out, a termination
 *       when its cleanup request is over), and the head goes once what it waits for is released.
 *   <li>Server lock: a request naming a source server that an active request (a launch or a
 *       termination) holds waits until that request is released, instead of meeting DRS's {@code
 *       ConflictException}. Only active requests lock: a request in line locks nothing.
 *   <li>Quotas: the jobs and the servers of the active requests, with the request's, stay within
 *       {@link JobQuota#maxConcurrentJobs()} and {@link JobQuota#maxServersInActiveJobs()}. A
 *       request larger than a whole quota goes alone, once nothing else is active, so it never
 *       waits forever.
 * </ul>
 *
 * <p>Requests and releases are keyed by request id: repeats change nothing, and a release that
 * overtakes its request (they travel on two topics) still wins.
 *
 * <p>A launch in line is announced to its execution (a {@link WaveLaunchDeferred}, saying for the
 * head what it waits for); a termination in line is not, since its execution has no wave waiting.
 *
 * <p>Cost: a request, and a release while nobody waits, read and write a few entries of the book
 * per server of the request, whatever it holds. A release while requests wait reads the line twice,
 * to announce every place that changed: the line exists only while DRS's limits are the bottleneck,
 * and then releases come at the pace DRS ends jobs.
 */
public final class QuotaGate {

  /** How long released request ids are remembered to refuse their late or repeated requests. */
  public static final Duration RELEASE_MEMORY = Duration.ofDays(7);

  /**
   * Releases older than {@link #RELEASE_MEMORY} forgotten per input at most: forgetting keeps pace
   * with remembering (one release per request, and requests come as inputs) at a bounded cost.
   */
  static final int FORGOTTEN_PER_INPUT = 4;

  private final JobQuota quota;

  public QuotaGate(JobQuota quota) {
    this.quota = quota;
  }

  /** What one input did besides changing the book: commands to forward, deferrals to announce. */
  public record Outcome(List<GateCommand> admitted, List<WaveLaunchDeferred> deferrals) {

    public static final Outcome NONE = new Outcome(List.of(), List.of());

    public Outcome {
      admitted = List.copyOf(admitted);
      deferrals = List.copyOf(deferrals);
    }

    /** The launches forwarded, in order. */
    public List<LaunchWave> launches() {
      List<LaunchWave> launches = new ArrayList<>();
      for (GateCommand command : admitted) {
        if (command instanceof GateCommand.Launch launch) {
          launches.add(launch.launch());
        }
      }
      return launches;
    }

    /** The terminations forwarded, in order. */
    public List<TerminateRecoveryInstances> terminations() {
      List<TerminateRecoveryInstances> terminations = new ArrayList<>();
      for (GateCommand command : admitted) {
        if (command instanceof GateCommand.Termination termination) {
          terminations.add(termination.termination());
        }
      }
      return terminations;
    }
  }

  /** What the active requests hold, as a deferral reports it. */
  record Usage(int jobs, int servers) {

    static Usage of(GateBook book) {
      return new Usage(book.activeJobs(), book.activeServers());
    }
  }

  public Outcome request(GateBook book, LaunchWave launch, Instant now) {
    return request(book, new GateCommand.Launch(launch), now);
  }

  public Outcome request(GateBook book, TerminateRecoveryInstances termination, Instant now) {
    return request(book, new GateCommand.Termination(termination), now);
  }

  public Outcome request(GateBook book, GateCommand command, Instant now) {
    if (book.status(command.requestId()).isPresent()) {
      return Outcome.NONE;
    }
    Waiting waiting = new Waiting(command, command.jobs(quota));
    Outcome outcome;
    if (book.queued() > 0) {
      // Nothing overtakes the line, even a request that would fit.
      book.enqueue(command, waiting.jobs());
      outcome = deferred(waiting, book.queued(), null, Usage.of(book), command.id(), now);
    } else {
      Optional<Hold> hold = hold(book, waiting);
      if (hold.isEmpty()) {
        book.activate(command, waiting.jobs());
        outcome = new Outcome(List.of(command), List.of());
      } else {
        book.enqueue(command, waiting.jobs());
        outcome = deferred(waiting, 1, hold.get(), Usage.of(book), command.id(), now);
      }
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
    Optional<Hold> headHoldBefore =
        lineBefore.isEmpty() ? Optional.empty() : hold(book, lineBefore.get(0));
    book.release(requestId, now);
    List<GateCommand> admitted = new ArrayList<>();
    Optional<Hold> headHold = Optional.empty();
    for (Optional<Waiting> head = book.head(); head.isPresent(); head = book.head()) {
      headHold = hold(book, head.get());
      if (headHold.isPresent()) {
        break;
      }
      book.activateHead();
      admitted.add(head.get().command());
    }
    List<WaveLaunchDeferred> moved =
        movedPlaces(book, lineBefore, headHoldBefore, headHold, released.getId(), now);
    book.forgetReleasedBefore(now.minus(RELEASE_MEMORY), FORGOTTEN_PER_INPUT);
    return new Outcome(admitted, moved);
  }

  /**
   * What keeps {@code w} from going now, if anything: a lock on one of its servers first (it holds
   * whatever the capacity), then the jobs quota, then the servers quota.
   */
  Optional<Hold> hold(GateBook book, Waiting w) {
    List<String> locked = book.locked(w.command().serverIds());
    if (!locked.isEmpty()) {
      return Optional.of(new Hold(GateLimit.SERVER_LOCK, locked));
    }
    int activeJobs = book.activeJobs();
    if (activeJobs == 0) {
      return Optional.empty(); // nothing active: it goes, alone if it is larger than a quota
    }
    if (activeJobs + w.jobs() > quota.maxConcurrentJobs()) {
      return Optional.of(Hold.of(GateLimit.JOBS));
    }
    if (book.activeServers() + w.command().servers() > quota.maxServersInActiveJobs()) {
      return Optional.of(Hold.of(GateLimit.SERVERS));
    }
    return Optional.empty();
  }

  /**
   * Announces the new place in line of every launch still waiting whose place changed, and the
   * head's when what holds it changed.
   */
  private List<WaveLaunchDeferred> movedPlaces(
      GateBook book,
      List<Waiting> lineBefore,
      Optional<Hold> headHoldBefore,
      Optional<Hold> headHold,
      String causationId,
      Instant now) {
    if (lineBefore.isEmpty() || book.queued() == 0) {
      return List.of();
    }
    Map<String, Integer> oldPlaces = new HashMap<>();
    for (int i = 0; i < lineBefore.size(); i++) {
      oldPlaces.put(lineBefore.get(i).requestId(), i + 1);
    }
    List<WaveLaunchDeferred> deferrals = new ArrayList<>();
    List<Waiting> line = book.line();
    Usage usage = Usage.of(book);
    for (int i = 0; i < line.size(); i++) {
      Integer old = oldPlaces.get(line.get(i).requestId());
      boolean head = i == 0;
      boolean holdChanged = head && !headHold.equals(headHoldBefore);
      if (old == null || old != i + 1 || holdChanged) {
        Hold hold = head ? headHold.orElse(null) : null;
        deferrals.addAll(deferred(line.get(i), i + 1, hold, usage, causationId, now).deferrals());
      }
    }
    return deferrals;
  }

  /** The deferral of {@code w} if it is a launch; a termination is not announced. */
  private Outcome deferred(
      Waiting w, int position, Hold hold, Usage usage, String cause, Instant now) {
    if (w.command() instanceof GateCommand.Launch launch) {
      return new Outcome(
          List.of(),
          List.of(deferral(launch.launch(), w.jobs(), position, hold, usage, cause, now)));
    }
    return Outcome.NONE;
  }

  /**
   * The deferral announcing {@code l} at {@code position}, held by {@code hold} when it heads the
   * line (null when it waits behind others); the processor measures its size.
   */
  WaveLaunchDeferred deferral(
      LaunchWave l, int jobs, int position, Hold hold, Usage usage, String cause, Instant now) {
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
        .setJobsNeeded(jobs)
        .setActiveJobs(usage.jobs())
        .setQuota(quota.maxConcurrentJobs())
        .setPosition(position)
        .setWaitingFor(hold == null ? null : hold.limit())
        .setServersNeeded(l.getSourceServerIds().size())
        .setActiveServers(usage.servers())
        .setServerQuota(quota.maxServersInActiveJobs())
        .setLockedServerIds(hold == null ? List.of() : hold.lockedServerIds())
        .build();
  }
}
