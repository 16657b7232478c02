package io.drsorch.simulator.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.drsorch.simulator.jobs.Job;
import io.drsorch.simulator.jobs.JobType;
import io.drsorch.simulator.jobs.LaunchJobListener;
import io.drsorch.simulator.jobs.LaunchStatus;
import io.drsorch.simulator.jobs.Participant;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushes a {@code DRS Source Server Launch Result} event for every server of every LAUNCH job at
 * the instant its launch status becomes LAUNCHED or FAILED (the job's completion), plus the
 * configured delay.
 *
 * <p>Job status is derived from the clock on read, so nothing else happens at that instant: a
 * single daemon thread wakes up at the earliest pending event's due instant on the real clock and
 * hands what the simulator's clock says is due to each target. With a clock a test moves by hand,
 * {@link #deliverDueEvents()} delivers deterministically instead. Every draw from the seeded random
 * that decides losses and duplicates happens on that one thread in due order, for each event the
 * targets in their configured order, so a seed gives the same outcome every run (with one target,
 * the same as before there could be several). Each target then has a delivery thread of its own
 * that posts its events in due order: a target that is slow or down never delays another, as the
 * targets of an EventBridge rule are delivered to independently. API calls only enqueue, so a slow
 * or failing target never holds them up.
 *
 * <p>The target, key, loss and duplicate rates in force when an event falls due apply to it; the
 * delay is fixed when its job is created.
 */
public final class LaunchResultEvents implements LaunchJobListener, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LaunchResultEvents.class);
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** An event waiting for its instant; {@code order} keeps servers of one instant in job order. */
  private record Pending(Instant due, long order, LaunchResult result) {}

  private final Clock clock;
  private final ScheduledExecutorService scheduler;
  private final PriorityQueue<Pending> pending =
      new PriorityQueue<>(Comparator.comparing(Pending::due).thenComparingLong(Pending::order));

  /** Each target's delivery thread and counts, by URL, in the order targets were first used. */
  private final Map<URI, TargetLine> lines = Collections.synchronizedMap(new LinkedHashMap<>());

  private volatile boolean closed;
  private volatile EventConfig config;
  private volatile Random random;
  private long nextOrder;
  private ScheduledFuture<?> wakeUp;
  private Instant wakeUpAt;

  public LaunchResultEvents(Clock clock, EventConfig config, Random random) {
    this.clock = clock;
    this.config = config;
    this.random = random;
    this.scheduler =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "drs-simulator-events");
              thread.setDaemon(true);
              return thread;
            });
  }

  public EventConfig config() {
    return config;
  }

  public void configure(EventConfig newConfig) {
    this.config = newConfig;
  }

  /** Restarts the loss and duplicate decisions from {@code seed}. */
  public void seed(long seed) {
    random = new Random(seed);
  }

  /** The counts of every target together. */
  public EventCounts counts() {
    long sent = 0;
    long dropped = 0;
    long duplicated = 0;
    long failed = 0;
    for (EventCounts counts : countsByTarget().values()) {
      sent += counts.sent();
      dropped += counts.dropped();
      duplicated += counts.duplicated();
      failed += counts.failed();
    }
    return new EventCounts(sent, dropped, duplicated, failed);
  }

  /** The counts of each target events were ever handed to, in the order they were first used. */
  public Map<URI, EventCounts> countsByTarget() {
    Map<URI, EventCounts> byTarget = new LinkedHashMap<>();
    synchronized (lines) {
      lines.forEach((url, line) -> byTarget.put(url, line.counts()));
    }
    return byTarget;
  }

  public void resetCounts() {
    synchronized (lines) {
      lines.values().forEach(TargetLine::resetCounts);
    }
  }

  @Override
  public void launchJobCreated(String accountId, String region, Job job) {
    if (job.type() != JobType.LAUNCH) {
      return;
    }
    Instant due = job.completedAt().plus(config.delay());
    synchronized (this) {
      for (Participant participant : job.participants()) {
        LaunchStatus status = job.launchStatusAt(participant, job.completedAt());
        pending.add(
            new Pending(
                due,
                nextOrder++,
                new LaunchResult(
                    region,
                    accountId,
                    job.id(),
                    job.drill(),
                    participant.sourceServerId(),
                    status == LaunchStatus.LAUNCHED,
                    job.completedAt())));
      }
      scheduleWakeUp();
    }
  }

  /**
   * Delivers every event the clock says is due, and waits until that is done for every target
   * (retries included); answers how many events fell due. For tests with a hand-moved clock.
   */
  public int deliverDueEvents() {
    try {
      int due = scheduler.submit(this::deliverDue).get();
      List<TargetLine> all;
      synchronized (lines) {
        all = List.copyOf(lines.values());
      }
      for (TargetLine line : all) {
        line.drain();
      }
      return due;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while delivering events", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("event delivery failed", e.getCause());
    }
  }

  /** Keeps one wake-up, at the earliest pending event's due instant. */
  private synchronized void scheduleWakeUp() {
    Pending first = pending.peek();
    if (first == null || (wakeUp != null && !first.due().isBefore(wakeUpAt))) {
      return;
    }
    if (wakeUp != null) {
      wakeUp.cancel(false);
    }
    long delayMillis = Math.max(0, Duration.between(clock.instant(), first.due()).toMillis());
    try {
      wakeUpAt = first.due();
      wakeUp = scheduler.schedule(this::onWakeUp, delayMillis, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException closed) {
      wakeUp = null;
    }
  }

  /**
   * A wake-up can find nothing due: a hand-moved clock, or a timer slightly ahead of the clock.
   * Scheduling the next one from what is still pending covers both.
   */
  private void onWakeUp() {
    synchronized (this) {
      wakeUp = null;
    }
    deliverDue();
    scheduleWakeUp();
  }

  private int deliverDue() {
    List<Pending> due = new ArrayList<>();
    synchronized (this) {
      Instant now = clock.instant();
      while (!pending.isEmpty() && !pending.peek().due().isAfter(now)) {
        due.add(pending.poll());
      }
    }
    for (Pending event : due) {
      deliver(event.result());
    }
    return due.size();
  }

  /**
   * Hands the event to each target's line. Every target gets the same event (same id), its loss and
   * duplication drawn for that target alone, as EventBridge delivers to each target of a rule.
   */
  private void deliver(LaunchResult result) {
    EventConfig current = config;
    if (!current.pushes()) {
      return;
    }
    // A duplicate is the same event delivered again: same id, so a consumer can recognise it.
    byte[] body = body(result);
    for (URI target : current.targetUrls()) {
      // Both draws every time, so one event's fate never shifts the draws of the next.
      boolean lost = random.nextDouble() < current.lossRate();
      boolean twice = random.nextDouble() < current.duplicateRate();
      TargetLine line = line(target);
      if (lost) {
        line.dropped.incrementAndGet();
        continue;
      }
      if (twice) {
        line.duplicated.incrementAndGet();
      }
      line.post(current, body, twice ? 2 : 1);
    }
  }

  private TargetLine line(URI target) {
    synchronized (lines) {
      return lines.computeIfAbsent(target, TargetLine::new);
    }
  }

  /**
   * One target's deliveries: a thread of its own (ended when idle for a while, started again by the
   * next event) posting its events in the order they fell due, and its counts.
   */
  private final class TargetLine {

    private final URI target;
    private final ThreadPoolExecutor thread;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong duplicated = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();

    TargetLine(URI target) {
      this.target = target;
      this.thread =
          new ThreadPoolExecutor(
              1,
              1,
              30,
              TimeUnit.SECONDS,
              new LinkedBlockingQueue<>(),
              runnable -> {
                Thread t =
                    new Thread(
                        runnable,
                        "drs-simulator-events-" + target.getHost() + ":" + target.getPort());
                t.setDaemon(true);
                return t;
              });
      thread.allowCoreThreadTimeOut(true);
    }

    /** Queues {@code copies} POSTs of one event. */
    void post(EventConfig config, byte[] body, int copies) {
      if (closed) {
        return;
      }
      try {
        thread.execute(
            () -> {
              try {
                for (int copy = 0; copy < copies; copy++) {
                  if (EventPoster.post(target, config, body)) {
                    sent.incrementAndGet();
                  } else {
                    failed.incrementAndGet();
                  }
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // closing: pending events are forgotten
              }
            });
      } catch (RejectedExecutionException closing) {
        // closing: pending events are forgotten
      }
    }

    /** Waits until everything queued before this call has been delivered (or given up on). */
    void drain() throws InterruptedException {
      try {
        thread.submit(() -> {}).get();
      } catch (RejectedExecutionException closing) {
        // closed: nothing more is delivered
      } catch (ExecutionException e) {
        throw new IllegalStateException("event delivery to " + target + " failed", e.getCause());
      }
    }

    EventCounts counts() {
      return new EventCounts(sent.get(), dropped.get(), duplicated.get(), failed.get());
    }

    void resetCounts() {
      sent.set(0);
      dropped.set(0);
      duplicated.set(0);
      failed.set(0);
    }

    void close() {
      thread.shutdownNow();
    }

    boolean awaitClosed(long millis) throws InterruptedException {
      return thread.awaitTermination(millis, TimeUnit.MILLISECONDS);
    }
  }

  private static byte[] body(LaunchResult result) {
    try {
      return MAPPER.writeValueAsBytes(result.envelope(UUID.randomUUID()));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the event of " + result, e);
    }
  }

  /** Stops the delivery threads; events still pending are forgotten. */
  @Override
  public void close() {
    closed = true;
    scheduler.shutdownNow();
    List<TargetLine> all;
    synchronized (lines) {
      all = List.copyOf(lines.values());
    }
    all.forEach(TargetLine::close);
    try {
      if (!scheduler.awaitTermination(5, TimeUnit.SECONDS)) {
        LOG.warn("the event delivery thread did not stop within 5 s");
      }
      for (TargetLine line : all) {
        if (!line.awaitClosed(5_000)) {
          LOG.warn("the event delivery thread of {} did not stop within 5 s", line.target);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
