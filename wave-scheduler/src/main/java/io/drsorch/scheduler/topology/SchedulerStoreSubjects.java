package io.drsorch.scheduler.topology;

import io.drsorch.scheduler.store.StoredExecution;
import io.drsorch.scheduler.store.StoredGateEntry;
import java.util.Map;
import org.apache.avro.Schema;

/**
 * The registry subjects of the scheduler's Avro state stores. Kafka Streams names a store's
 * changelog {@code <application.id>-<store>-changelog}, and the store's serde registers its value
 * schema under that topic's value subject.
 */
public final class SchedulerStoreSubjects {

  private SchedulerStoreSubjects() {}

  public static String[] of(String applicationId) {
    return new String[] {
      changelogValue(applicationId, SchedulerTopology.EXECUTIONS_STORE),
      changelogValue(applicationId, SchedulerTopology.QUOTA_GATE_STORE),
      changelogValue(applicationId, SchedulerTopology.JOB_SLOTS_STORE)
    };
  }

  /** The subjects the stores write under today, with their schemas. */
  public static Map<String, Schema> written(String applicationId) {
    return Map.of(
        changelogValue(applicationId, SchedulerTopology.EXECUTIONS_STORE),
        StoredExecution.getClassSchema(),
        changelogValue(applicationId, SchedulerTopology.QUOTA_GATE_STORE),
        StoredGateEntry.getClassSchema());
  }

  private static String changelogValue(String applicationId, String store) {
    return applicationId + "-" + store + "-changelog-value";
  }
}
