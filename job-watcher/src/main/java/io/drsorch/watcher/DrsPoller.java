package io.drsorch.watcher;

import io.drsorch.avro.JobStatus;
import io.drsorch.avro.WaveEvent;
import io.drsorch.drsclient.DrsClients;
import io.drsorch.drsclient.SsmClients;
import io.drsorch.drsclient.Target;
import io.drsorch.schemas.registry.AvroSerde;
import io.drsorch.schemas.registry.SchemaRegistryClient;
import io.drsorch.schemas.runtime.Refusals;
import io.drsorch.schemas.topics.Topics;
import io.drsorch.watcher.Unreadable.RefusedWriteException;
import io.drsorch.watcher.action.ActionFollower;
import io.drsorch.watcher.poll.DescribedJob;
import io.drsorch.watcher.poll.JobDurations;
import io.drsorch.watcher.poll.JobLogErrors;
import io.drsorch.watcher.poll.JobPoller;
import io.drsorch.watcher.poll.PollCycles;
import io.drsorch.watcher.poll.PollSchedule;
import io.drsorch.watcher.poll.RegionBackoff;
import io.drsorch.watcher.poll.TerminationDecisions;
import io.drsorch.watcher.poll.WatchDecisions;
import io.drsorch.watcher.state.ActionKey;
import io.drsorch.watcher.state.AttemptKey;
import io.drsorch.watcher.state.JobObservation;
import io.drsorch.watcher.state.Origin;
import io.drsorch.watcher.state.TerminationKey;
import io.drsorch.watcher.state.WatchKey;
import io.drsorch.watcher.state.WatchState;
import io.drsorch.watcher.state.WatchedAction;
import io.drsorch.watcher.state.WatchedAttempt;
import io.drsorch.watcher.state.WatchedTermination;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.drs.DrsClient;

/**
 * The watcher's DRS side: one thread polls DRS for the jobs of the live partitions of {@link
 * WatchedPartitions} (the LAUNCH jobs of wave attempts, and the TERMINATE jobs of drill-cleanup
 * terminations) and writes what changed back to drs.wave-events. Each job has its own next poll
 * time ({@link PollSchedule}): often when it is likely near its end, rarely when it has just
 * started; the jobs of a region due in one cycle share as few DescribeJobs calls as the API allows.
 * {@link #lookNow} makes a job due at once.
 *
 * <p>Each cycle reads DRS first (the jobs due, then the launch errors of the attempts that end with
 * a failed server) and only then decides ({@link WatchDecisions}, pure). What it writes is applied
 * to the state only once Kafka acknowledged it; a write that failed is decided again on the next
 * cycle, with the same deterministic id. An attempt whose events Kafka keeps refusing is given up
 * on: its WaveLaunched goes to the reader as a dead letter, and its end is written as a WaveFailed
 * with the reason. DRS's throttling and outages back off per region and account.
 *
 * <p>A termination is followed the same way, on the same schedule and in the same DescribeJobs
 * calls, but only its end is written: one TerminationEnded once all its jobs are COMPLETED ({@link
 * TerminationDecisions}); its jobs' state meanwhile is kept in memory ({@link TerminationJobs}).
 * One whose TerminationEnded Kafka keeps refusing is given up on like an attempt: its
 * TerminationStarted is dead-lettered, and a TerminationEnded with the reason is written instead.
 *
 * <p>The wave actions started (SSM automations, HTTP checks) are followed on the same cycle by an
 * {@link ActionFollower}, whose calls run beside it and never hold up the DRS polls; it decides one
 * WaveActionEnded per action, written and applied here like the other ends.
 */
final class DrsPoller {

  private static final Logger LOG = LoggerFactory.getLogger(DrsPoller.class);
  private static final String TOPIC = Topics.WAVE_EVENTS.name();

  /** Longest pause between two looks at the schedule: how late a due job may be polled. */
  private static final Duration MAX_TICK = Duration.ofMillis(250);

  /**
   * How long a cycle asked for by an event waits for more: EventBridge sends one event per server,
   * all at the job's end, and they should cost one DescribeJobs, not one each.
   */
  private static final Duration COALESCE = Duration.ofMillis(20);

  private final WatcherConfig config;
  private final KafkaProducer<String, WaveEvent> producer;
  private final DrsClients clients;
  private final JobPoller poller;
  private final RegionBackoff backoff;
  private final PollSchedule schedule;
  private final JobDurations durations = new JobDurations();
  private final Set<String> lookNow = ConcurrentHashMap.newKeySet();
  private final PollCycles cycles = new PollCycles();
  private final RefusedWrites refused = new RefusedWrites();
  private final TerminationJobs terminationJobs = new TerminationJobs();
  private final ActionFollower actions;
  private final AtomicBoolean lookScheduled = new AtomicBoolean();
  private final Clock clock;
  private final WatchedPartitions partitions;

  /** Where the WaveLaunched of an attempt given up on goes: the reader's dead letters. */
  private final Consumer<Unreadable> deadLetters;

  private final WatcherMetrics metrics = new WatcherMetrics();
  private final ScheduledExecutorService thread;
  private volatile boolean running = true;

  DrsPoller(
      WatcherConfig config,
      DrsClients clients,
      SsmClients ssm,
      WatchedPartitions partitions,
      Consumer<Unreadable> deadLetters,
      Clock clock) {
    this.config = config;
    this.clients = clients;
    this.partitions = partitions;
    this.deadLetters = deadLetters;
    this.clock = clock;
    AvroSerde<WaveEvent> events =
        AvroSerde.forValues(SchemaRegistryClient.shared(config.registryUrl()), WaveEvent.class);
    this.producer =
        new KafkaProducer<>(config.producerProperties(), new StringSerializer(), events);
    this.poller = new JobPoller(config.batchSize());
    this.backoff = new RegionBackoff(config.polling().min(), config.maxBackoff());
    this.schedule = new PollSchedule(config.polling());
    metrics.watching(schedule::size);
    this.actions = new ActionFollower(ssm, config.actions(), clock);
    metrics.followingActions(actions::followed);
    this.thread =
        Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "job-watcher-poller"));
  }

  void start() {
    Duration min = config.polling().min();
    long tick = Math.max(10, (min.compareTo(MAX_TICK) < 0 ? min : MAX_TICK).toMillis());
    thread.scheduleWithFixedDelay(this::cycle, tick, tick, TimeUnit.MILLISECONDS);
  }

  /**
   * Asks for an immediate DescribeJobs of this job, if this instance watches it and has not seen it
   * end; returns at once (the call happens on the poller thread). Requests arriving within {@link
   * #COALESCE} of each other share one cycle, and the job is read once however often it was asked.
   *
   * @return true when a poll was requested, false when the job is none of this instance's business
   *     (unknown, already COMPLETED, or on a partition another instance owns or still replaying)
   */
  boolean lookNow(String jobId) {
    if (!running || !partitions.awaits(jobId)) {
      return false;
    }
    lookNow.add(jobId);
    if (lookScheduled.compareAndSet(false, true)) {
      try {
        thread.schedule(
            () -> {
              lookScheduled.set(false);
              cycle();
            },
            COALESCE.toMillis(),
            TimeUnit.MILLISECONDS);
      } catch (RejectedExecutionException e) {
        return false; // closing
      }
    }
    return true;
  }

  /** DescribeJobs calls made so far. */
  long describeJobsCalls() {
    return poller.calls();
  }

  void close() {
    running = false;
    thread.shutdown();
    try {
      thread.awaitTermination(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    actions.close();
    producer.close();
  }

  private void cycle() {
    try {
      Instant now = clock.instant();
      for (String jobId : List.copyOf(lookNow)) {
        lookNow.remove(jobId);
        schedule.lookNow(jobId);
      }
      Map<Integer, WatchState.Snapshot> snapshots = partitions.liveSnapshots();
      Set<String> terminating = TerminationJobs.of(snapshots);
      terminationJobs.retainOnly(terminating);
      Map<Target, Set<String>> byTarget = jobsToPoll(snapshots);
      Set<String> watched = new HashSet<>();
      byTarget.values().forEach(watched::addAll);
      schedule.retainOnly(watched);
      Set<WatchKey> watches = new HashSet<>();
      snapshots
          .values()
          .forEach(
              snapshot -> {
                watches.addAll(snapshot.attempts().keySet());
                watches.addAll(snapshot.terminations().keySet());
                watches.addAll(snapshot.actions().keySet());
              });
      refused.retainOnly(watches);
      for (Map.Entry<Target, Set<String>> target : byTarget.entrySet()) {
        if (running && backoff.mayPoll(target.getKey().toString(), now)) {
          pollTarget(target.getKey(), target.getValue(), snapshots, terminating, now);
        }
      }
      if (running) {
        for (Map.Entry<Integer, List<WaveEvent>> ended : actions.cycle(snapshots, now).entrySet()) {
          emit(ended.getKey(), snapshots.get(ended.getKey()), ended.getValue());
        }
      }
    } catch (RuntimeException e) {
      // Never let one bad cycle end the schedule.
      LOG.error("poll cycle failed: {}", e.toString(), e);
    }
  }

  /**
   * Job ids by region and role (one DRS client, one account, each), leaving out jobs already seen
   * COMPLETED: they do not change any more, and those of attempts and terminations given up on. A
   * target whose jobs all completed (or a termination without jobs) is still listed, so that the
   * ends are decided (again, when writing them failed) without calling DRS.
   */
  private Map<Target, Set<String>> jobsToPoll(Map<Integer, WatchState.Snapshot> snapshots) {
    Map<Target, Set<String>> byTarget = new TreeMap<>(Comparator.comparing(Target::toString));
    for (WatchState.Snapshot snapshot : snapshots.values()) {
      for (WatchedAttempt attempt : snapshot.attempts().values()) {
        Set<String> jobs = byTarget.computeIfAbsent(attempt.target(), t -> new TreeSet<>());
        if (snapshot.abandoned().containsKey(attempt.key())) {
          continue;
        }
        for (String jobId : attempt.jobIds()) {
          JobObservation seen = snapshot.jobs().get(jobId);
          if (seen == null || seen.status() != JobStatus.COMPLETED) {
            jobs.add(jobId);
          }
        }
      }
      for (WatchedTermination termination : snapshot.terminations().values()) {
        Set<String> jobs = byTarget.computeIfAbsent(termination.target(), t -> new TreeSet<>());
        if (snapshot.abandonedTerminations().containsKey(termination.key())) {
          continue;
        }
        for (String jobId : termination.jobIds()) {
          if (!terminationJobs.completed(jobId)) {
            jobs.add(jobId);
          }
        }
      }
    }
    return byTarget;
  }

  /**
   * Reads the target's due jobs (none: no call) and decides its attempts and terminations. A launch
   * job's completion teaches the region's expected duration; a change that could not be written is
   * read again after the min interval. Throttling backs off per target: each account has its own
   * DRS rate limits.
   *
   * @param terminating the ids of every watched TERMINATE job
   */
  private void pollTarget(
      Target target,
      Set<String> jobIds,
      Map<Integer, WatchState.Snapshot> snapshots,
      Set<String> terminating,
      Instant now) {
    String region = target.region();
    String where = target.toString();
    DrsClient drs = clients.forTarget(target);
    List<String> due = schedule.toPoll(jobIds, now, durations.expected(region), config.batchSize());
    try {
      long callsBefore = poller.calls();
      Map<String, DescribedJob> described = due.isEmpty() ? Map.of() : poller.observe(drs, due);
      if (!due.isEmpty()) {
        cycles.polled(due.size(), poller.calls() - callsBefore);
      }
      Map<String, JobObservation> observed = new HashMap<>();
      for (String jobId : due) {
        DescribedJob job = described.get(jobId);
        schedule
            .polled(jobId, job == null ? null : job.created(), now)
            .ifPresent(metrics.pollInterval()::record);
        if (job != null) {
          observed.put(jobId, job.observation());
          // A TERMINATE job takes its own time: it must not skew what launches are expected to.
          if (job.observation().status() == JobStatus.COMPLETED
              && job.took() != null
              && !terminating.contains(jobId)) {
            durations.completed(region, job.took());
          }
        }
      }
      // DRS's own words for the servers that failed, read before deciding: only for the jobs of
      // attempts this cycle ends with a server not LAUNCHED.
      Map<String, Map<String, String>> launchErrors = new HashMap<>();
      for (WatchState.Snapshot snapshot : snapshots.values()) {
        for (String jobId : WatchDecisions.failedJobsOfEndingAttempts(snapshot, target, observed)) {
          if (!launchErrors.containsKey(jobId)) {
            launchErrors.put(jobId, JobLogErrors.launchFailures(drs, jobId));
          }
        }
      }
      Map<String, JobObservation> terminateJobs = terminationJobs.observed(observed, terminating);
      Map<String, Map<String, String>> terminationErrors = new HashMap<>();
      for (WatchState.Snapshot snapshot : snapshots.values()) {
        for (String jobId :
            TerminationDecisions.failedJobsOfEndingTerminations(snapshot, target, terminateJobs)) {
          if (!terminationErrors.containsKey(jobId)) {
            terminationErrors.put(jobId, JobLogErrors.terminationFailures(drs, jobId));
          }
        }
      }
      boolean written = true;
      for (Map.Entry<Integer, WatchState.Snapshot> partition : snapshots.entrySet()) {
        List<WaveEvent> decided =
            new ArrayList<>(
                WatchDecisions.decide(partition.getValue(), target, observed, now, launchErrors));
        decided.addAll(
            TerminationDecisions.decide(
                partition.getValue(), target, terminateJobs, now, terminationErrors));
        written &= emit(partition.getKey(), partition.getValue(), decided);
      }
      if (!written) {
        due.forEach(jobId -> schedule.pollAgainSoon(jobId, now));
      }
      backoff.succeeded(where);
    } catch (AwsServiceException e) {
      Duration wait = backoff.failed(where, DrsClients.retryAfterSeconds(e), now);
      LOG.warn(
          "DRS in {} answered {}: polling it again in {}",
          where,
          e.awsErrorDetails() == null ? e.statusCode() : e.awsErrorDetails().errorCode(),
          wait);
    } catch (SdkException e) {
      Duration wait = backoff.failed(where, null, now);
      LOG.warn("DRS in {} unreachable ({}): polling it again in {}", where, e.getMessage(), wait);
    }
  }

  /**
   * Writes the events and applies those Kafka acknowledged; false when one was not written (it is
   * decided again on the next poll). An attempt or termination whose events Kafka refused {@link
   * RefusedWrites#MAX_TRIES} polls in a row is given up on ({@link #giveUp}).
   *
   * @param partition the partition whose snapshot the events were decided from
   */
  private boolean emit(int partition, WatchState.Snapshot snapshot, List<WaveEvent> decided) {
    List<Future<RecordMetadata>> sent = new ArrayList<>();
    for (WaveEvent event : decided) {
      String executionId = ((GenericRecord) event.getEvent()).get("executionId").toString();
      sent.add(producer.send(new ProducerRecord<>(TOPIC, executionId, event)));
    }
    boolean written = true;
    Map<WatchKey, Throwable> refusedNow = new LinkedHashMap<>();
    Set<WatchKey> writtenNow = new HashSet<>();
    for (int i = 0; i < sent.size(); i++) {
      WaveEvent event = decided.get(i);
      WatchKey attempt = WatchKey.of(event.getEvent());
      try {
        RecordMetadata done = sent.get(i).get(30, TimeUnit.SECONDS);
        partitions.evolve(done.partition(), event);
        metrics.wrote(event.getEvent().getClass().getSimpleName());
        writtenNow.add(attempt);
      } catch (Exception e) {
        if (e instanceof InterruptedException) {
          Thread.currentThread().interrupt();
        }
        written = false;
        Throwable refusal = Refusals.of(e);
        if (refusal == null) {
          LOG.warn("could not write {}: will decide it again next cycle", event, e);
        } else {
          LOG.warn("Kafka refused {}: {}", describe(event), refusal.toString());
          refusedNow.putIfAbsent(attempt, refusal);
        }
      }
    }
    writtenNow.removeAll(refusedNow.keySet());
    writtenNow.forEach(refused::forget);
    refusedNow.forEach(
        (key, refusal) -> {
          if (key instanceof AttemptKey attempt) {
            WatchedAttempt watched = snapshot.attempts().get(attempt);
            if (watched != null && refused.refused(attempt)) {
              refused.forget(attempt);
              giveUp(partition, snapshot, watched, refusal);
            }
          } else if (key instanceof TerminationKey termination) {
            WatchedTermination watched = snapshot.terminations().get(termination);
            if (watched != null && refused.refused(termination)) {
              refused.forget(termination);
              giveUp(partition, snapshot, watched, refusal);
            }
          } else if (key instanceof ActionKey action) {
            WatchedAction watched = snapshot.actions().get(action);
            if (watched != null && refused.refused(action)) {
              refused.forget(action);
              giveUp(partition, snapshot, watched, refusal);
            }
          }
        });
    return written;
  }

  /**
   * Stops retrying what Kafka keeps refusing for an attempt. The first time, its WaveLaunched is
   * dead-lettered with the reason and only the attempt's end is decided from then on: a small
   * WaveFailed carrying the reason, which the scheduler reads, and which ends the watch for good
   * once written. When Kafka refuses that too, the attempt is dropped from memory.
   */
  private void giveUp(
      int partition, WatchState.Snapshot snapshot, WatchedAttempt attempt, Throwable refusal) {
    String refused = refusedTimes("wave", refusal);
    if (snapshot.abandoned().containsKey(attempt.key())) {
      LOG.error("{}: {}; no longer watched until the next replay", attempt.key(), refused);
      partitions.drop(partition, attempt.key());
      return;
    }
    String reason = "not followed to its end: " + refused + "; its servers' launch is unknown";
    LOG.warn("giving up on {}: {}", attempt.key(), reason);
    partitions.abandon(partition, attempt.key(), reason);
    deadLetters.accept(
        new Unreadable(launchedRecord(attempt), new RefusedWriteException(reason, refusal), true));
  }

  /**
   * Stops retrying a TerminationEnded Kafka keeps refusing, as {@link #giveUp(int,
   * WatchState.Snapshot, WatchedAttempt, Throwable)} does for a wave: its TerminationStarted is
   * dead-lettered and a TerminationEnded carrying the reason, without the instances' fates, is
   * written instead; when Kafka refuses that too, the termination is dropped from memory.
   */
  private void giveUp(
      int partition,
      WatchState.Snapshot snapshot,
      WatchedTermination termination,
      Throwable refusal) {
    String refused = refusedTimes("termination", refusal);
    if (snapshot.abandonedTerminations().containsKey(termination.key())) {
      LOG.error("{}: {}; no longer watched until the next replay", termination.key(), refused);
      partitions.drop(partition, termination.key());
      return;
    }
    String reason =
        "not followed to its end: "
            + refused
            + "; whether its instances were terminated is unknown";
    LOG.warn("giving up on {}: {}", termination.key(), reason);
    partitions.abandon(partition, termination.key(), reason);
    deadLetters.accept(
        new Unreadable(
            record(termination.origin(), termination.key().executionId()),
            new RefusedWriteException(reason, refusal),
            true));
  }

  /**
   * Stops retrying a WaveActionEnded Kafka keeps refusing, as for a wave: its WaveActionStarted is
   * dead-lettered and a WaveActionEnded FAILED carrying the reason is written instead; when Kafka
   * refuses that too, the action is dropped from memory.
   */
  private void giveUp(
      int partition, WatchState.Snapshot snapshot, WatchedAction action, Throwable refusal) {
    String refused = refusedTimes("action", refusal);
    if (snapshot.abandonedActions().containsKey(action.key())) {
      LOG.error("{}: {}; no longer followed until the next replay", action.key(), refused);
      partitions.drop(partition, action.key());
      return;
    }
    String reason = "not followed to its end: " + refused + "; how it ended is unknown";
    LOG.warn("giving up on {}: {}", action.key(), reason);
    partitions.abandon(partition, action.key(), reason);
    deadLetters.accept(
        new Unreadable(
            record(action.origin(), action.key().executionId()),
            new RefusedWriteException(reason, refusal),
            true));
  }

  private static String refusedTimes(String what, Throwable refusal) {
    return "Kafka refused the job-watcher's events of this "
        + what
        + " "
        + RefusedWrites.MAX_TRIES
        + " times ("
        + refusal.getClass().getSimpleName()
        + ": "
        + refusal.getMessage()
        + ")";
  }

  /** The WaveLaunched that started the attempt, as it was read. */
  private static ConsumerRecord<byte[], byte[]> launchedRecord(WatchedAttempt attempt) {
    return record(attempt.origin(), attempt.key().executionId());
  }

  /** The record a watch started from, as it was read; or one saying only whose it was. */
  private static ConsumerRecord<byte[], byte[]> record(Origin origin, String executionId) {
    if (origin == null) {
      return new ConsumerRecord<>(TOPIC, 0, -1, executionId.getBytes(StandardCharsets.UTF_8), null);
    }
    return new ConsumerRecord<>(
        TOPIC, origin.partition(), origin.offset(), origin.key(), origin.value());
  }

  private static String describe(WaveEvent event) {
    return event.getEvent().getClass().getSimpleName() + " of " + WatchKey.of(event.getEvent());
  }
}
