package io.drsorch.simulator.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.drsorch.simulator.jobs.Job;
import io.drsorch.simulator.jobs.JobType;
import io.drsorch.simulator.jobs.LaunchJobListener;
import io.drsorch.simulator.jobs.LaunchStatus;
import io.drsorch.simulator.jobs.Participant;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
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
 * delivers what the simulator's clock says is due. With a clock a test moves by hand, {@link
 * #deliverDueEvents()} delivers deterministically instead. All deliveries, and every draw from the
 * seeded random that decides losses and duplicates, happen on that one thread in due order, so a
 * seed gives the same outcome every run. API calls only enqueue, so a slow or failing target never
 * holds them up.
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
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong duplicated = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
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

  public EventCounts counts() {
    return new EventCounts(sent.get(), dropped.get(), duplicated.get(), failed.get());
  }

  public void resetCounts() {
    sent.set(0);
    dropped.set(0);
    duplicated.set(0);
    failed.set(0);
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
   * Delivers, on the delivery thread, every event the clock says is due, and waits until that is
   * done (retries included); answers how many events fell due. For tests with a hand-moved clock.
   */
  public int deliverDueEvents() {
    try {
      return scheduler.submit(this::deliverDue).get();
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
    try {
      for (Pending event : due) {
        deliver(event.result());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return due.size();
  }

  private void deliver(LaunchResult result) throws InterruptedException {
    EventConfig current = config;
    if (!current.pushes()) {
      return;
    }
    // Both draws every time, so one event's fate never shifts the draws of the next.
    boolean lost = random.nextDouble() < current.lossRate();
    boolean twice = random.nextDouble() < current.duplicateRate();
    if (lost) {
      dropped.incrementAndGet();
      return;
    }
    // A duplicate is the same event delivered again: same id, so a consumer can recognise it.
    byte[] body = body(result);
    if (twice) {
      duplicated.incrementAndGet();
    }
    for (int copy = 0; copy < (twice ? 2 : 1); copy++) {
      if (EventPoster.post(current, body)) {
        sent.incrementAndGet();
      } else {
        failed.incrementAndGet();
      }
    }
  }

  private static byte[] body(LaunchResult result) {
    try {
      return MAPPER.writeValueAsBytes(result.envelope(UUID.randomUUID()));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the event of " + result, e);
    }
  }

  /** Stops the delivery thread; events still pending are forgotten. */
  @Override
  public void close() {
    scheduler.shutdownNow();
    try {
      if (!scheduler.awaitTermination(5, TimeUnit.SECONDS)) {
        LOG.warn("the event delivery thread did not stop within 5 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
