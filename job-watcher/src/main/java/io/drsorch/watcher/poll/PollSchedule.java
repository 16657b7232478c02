package io.drsorch.watcher.poll;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * When each watched job is next due for a DescribeJobs, from when it was last polled, how old it
 * was then ({@link PollIntervals}) and how long its region's jobs take ({@link JobDurations}). A
 * job never polled, or one an event asked about, is due at once. Pure bookkeeping: time is passed
 * in. Used by the poller thread only.
 */
public final class PollSchedule {

  private final PollIntervals intervals;
  private final Map<String, Tracked> jobs = new HashMap<>();

  public PollSchedule(PollIntervals intervals) {
    this.intervals = intervals;
  }

  /**
   * The jobs of one region to read now: none unless at least one is due, and then also those of the
   * others that fall due within the min interval, soonest first, as long as they fit in the calls
   * the due ones need anyway ({@code batchSize} ids a call). Calls grow with due jobs / batch size,
   * never with servers. Jobs due later do not ride along: under load every cycle has a due job (a
   * new one, or one an event asked about), and reading every watched job in each of them made each
   * job be read about fifteen times in the load benchmark, all of it work for both sides.
   *
   * @param watched the region's jobs still to be watched (not yet seen COMPLETED)
   * @param expected the region's learned job duration, or null
   */
  public List<String> toPoll(
      Collection<String> watched, Instant now, Duration expected, int batchSize) {
    List<String> due = new ArrayList<>();
    List<String> notDue = new ArrayList<>();
    for (String jobId : watched) {
      (isDue(jobId, now, expected) ? due : notDue).add(jobId);
    }
    if (due.isEmpty()) {
      return List.of();
    }
    int calls = (due.size() + batchSize - 1) / batchSize;
    int room = calls * batchSize - due.size();
    Instant horizon = now.plus(intervals.min());
    List<String> soon = new ArrayList<>();
    for (String jobId : notDue) {
      if (!nextPoll(jobId, expected).isAfter(horizon)) {
        soon.add(jobId);
      }
    }
    soon.sort(Comparator.comparing((String id) -> nextPoll(id, expected)));
    List<String> batch = new ArrayList<>(due);
    batch.addAll(soon.subList(0, Math.min(room, soon.size())));
    return batch;
  }

  public boolean isDue(String jobId, Instant now, Duration expected) {
    return !nextPoll(jobId, expected).isAfter(now);
  }

  /** When the job is next due; {@link Instant#MIN} when it is due whatever the time. */
  public Instant nextPoll(String jobId, Duration expected) {
    Tracked job = jobs.get(jobId);
    if (job == null || job.lastPolled() == null) {
      return Instant.MIN;
    }
    if (job.hurry()) {
      return job.lastPolled().plus(intervals.min());
    }
    Duration age = job.created() == null ? null : Duration.between(job.created(), job.lastPolled());
    return job.lastPolled().plus(intervals.interval(age, expected));
  }

  /**
   * The job was read at {@code now}.
   *
   * @param created its creationDateTime as DRS reported it, or null when it did not
   * @return how long since it was last read, when it was (an event asking for a look at once counts
   *     as no earlier read)
   */
  public java.util.Optional<Duration> polled(String jobId, Instant created, Instant now) {
    Tracked previous = jobs.get(jobId);
    Instant known = created != null ? created : previous == null ? null : previous.created();
    jobs.put(jobId, new Tracked(known, now, false));
    return previous == null || previous.lastPolled() == null
        ? java.util.Optional.empty()
        : java.util.Optional.of(Duration.between(previous.lastPolled(), now));
  }

  /**
   * The job was read at {@code now} but what it showed could not be recorded (Kafka refused the
   * write): read it again after the min interval, whatever its age, rather than after a long one.
   */
  public void pollAgainSoon(String jobId, Instant now) {
    Tracked previous = jobs.get(jobId);
    jobs.put(jobId, new Tracked(previous == null ? null : previous.created(), now, true));
  }

  /** An event or a failed write says the job is worth reading again at once. */
  public void lookNow(String jobId) {
    Tracked previous = jobs.get(jobId);
    jobs.put(jobId, new Tracked(previous == null ? null : previous.created(), null, false));
  }

  /** Forgets every job but these (the others ended, or their partition went elsewhere). */
  public void retainOnly(Set<String> jobIds) {
    jobs.keySet().retainAll(jobIds);
  }

  /** Jobs tracked, for tests and metrics. */
  public int size() {
    return jobs.size();
  }

  /**
   * A job's creation time (null until DRS reported it), last poll (null: due at once), and whether
   * it is to be read again after the min interval whatever its age.
   */
  private record Tracked(Instant created, Instant lastPolled, boolean hurry) {}
}
