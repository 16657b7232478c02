package io.drsorch.simulator.jobs;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.drsorch.simulator.account.Timestamps;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The log of a job, derived from its timeline: JOB_START at creation; per server a clean-up of its
 * previous instance and its snapshot while PENDING (see {@link SnapshotSource}), conversion and
 * LAUNCH_START while STARTED, LAUNCH_FAILED for a failed server at the end (DRS has no launch-end
 * event); JOB_END at completion. Only the events whose time has come are shown.
 *
 * <p>The conversion events carry the time of the data launched in {@code
 * conversionProperties.dataTimestamp} ("the timestamp of when the snapshot being converted was
 * taken"): the only place the model's job records have for it, there is none for a snapshot id.
 */
public final class JobLogItems {

  static final String LAUNCH_FAILED_ERROR =
      "Failed to launch the recovery instance: an injected fault made this launch fail";

  static final String SNAPSHOT_FAIL_ERROR =
      "Failed to take an on-demand snapshot: the source server's data replication is not"
          + " CONTINUOUS";

  static final String NO_PREVIOUS_SNAPSHOT_ERROR =
      "Failed to use a previous snapshot: the source server has no recovery snapshot";

  private JobLogItems() {}

  /**
   * One log item; {@code index} orders the job's whole log and keys its pagination.
   *
   * @param dataTimestamp the time of the data being converted, for conversion events
   */
  public record Item(
      long index,
      Instant at,
      String event,
      String sourceServerId,
      String targetInstanceId,
      String rawError,
      Instant dataTimestamp) {

    public ObjectNode toJson() {
      ObjectNode json = JsonNodeFactory.instance.objectNode();
      json.put("logDateTime", Timestamps.format(at));
      json.put("event", event);
      ObjectNode data = json.putObject("eventData");
      if (sourceServerId != null) {
        data.put("sourceServerID", sourceServerId);
      }
      if (targetInstanceId != null) {
        data.put("targetInstanceID", targetInstanceId);
      }
      if (rawError != null) {
        data.put("rawError", rawError);
      }
      if (dataTimestamp != null) {
        data.putObject("conversionProperties")
            .put("dataTimestamp", Timestamps.format(dataTimestamp));
      }
      return json;
    }
  }

  /** The items logged up to {@code now}, oldest first. */
  public static List<Item> at(Job job, Instant now) {
    return all(job).stream().filter(item -> !item.at().isAfter(now)).toList();
  }

  private static List<Item> all(Job job) {
    List<Event> events = new ArrayList<>();
    events.add(new Event(job.createdAt(), "JOB_START", null, null, null, null));
    if (job.type() == JobType.LAUNCH) {
      job.participants().forEach(participant -> launchEvents(job, participant, events));
    } else {
      for (Participant participant : job.participants()) {
        String server = participant.sourceServerId();
        String instance = participant.recoveryInstanceId();
        events.add(new Event(job.startedAt(), "CLEANUP_START", server, instance, null, null));
        events.add(new Event(job.completedAt(), "CLEANUP_END", server, instance, null, null));
      }
    }
    events.add(new Event(job.completedAt(), "JOB_END", null, null, null, null));
    // Stable: events of one instant keep the order they were added in.
    events.sort(Comparator.comparing(Event::at));
    List<Item> items = new ArrayList<>(events.size());
    for (int i = 0; i < events.size(); i++) {
      Event e = events.get(i);
      items.add(
          new Item(i, e.at(), e.name(), e.server(), e.instance(), e.rawError(), e.dataTimestamp()));
    }
    return items;
  }

  private static void launchEvents(Job job, Participant participant, List<Event> events) {
    String server = participant.sourceServerId();
    String previous = participant.cleanedUpInstanceId();
    if (previous != null) {
      events.add(new Event(job.createdAt(), "CLEANUP_START", server, previous, null, null));
      events.add(new Event(job.cleanupEndAt(), "CLEANUP_END", server, previous, null, null));
    }
    if (!snapshotEvents(job, participant, events)) {
      return;
    }
    Instant data = participant.pointInTime();
    events.add(new Event(job.startedAt(), "CONVERSION_START", server, null, null, data));
    events.add(new Event(job.launchStartAt(), "CONVERSION_END", server, null, null, data));
    events.add(
        new Event(
            job.launchStartAt(),
            "LAUNCH_START",
            server,
            participant.recoveryInstanceId(),
            null,
            null));
    if (participant.failsToLaunch()) {
      events.add(
          new Event(job.completedAt(), "LAUNCH_FAILED", server, null, LAUNCH_FAILED_ERROR, null));
    }
  }

  /** Logs where the server's data comes from; answers whether there is any to launch. */
  private static boolean snapshotEvents(Job job, Participant participant, List<Event> events) {
    String server = participant.sourceServerId();
    if (participant.snapshotSource() == SnapshotSource.CHOSEN) {
      events.add(new Event(job.createdAt(), "USING_PREVIOUS_SNAPSHOT", server, null, null, null));
      return true;
    }
    events.add(new Event(job.createdAt(), "SNAPSHOT_START", server, null, null, null));
    if (participant.snapshotSource() == SnapshotSource.ON_DEMAND) {
      events.add(new Event(job.startedAt(), "SNAPSHOT_END", server, null, null, null));
      return true;
    }
    events.add(
        new Event(job.startedAt(), "SNAPSHOT_FAIL", server, null, SNAPSHOT_FAIL_ERROR, null));
    if (participant.snapshotSource() == SnapshotSource.PREVIOUS) {
      events.add(new Event(job.startedAt(), "USING_PREVIOUS_SNAPSHOT", server, null, null, null));
      return true;
    }
    events.add(
        new Event(
            job.startedAt(),
            "USING_PREVIOUS_SNAPSHOT_FAILED",
            server,
            null,
            NO_PREVIOUS_SNAPSHOT_ERROR,
            null));
    return false;
  }

  private record Event(
      Instant at,
      String name,
      String server,
      String instance,
      String rawError,
      Instant dataTimestamp) {}
}
