package io.drsorch.scheduler.topology;

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

  private static String changelogValue(String applicationId, String store) {
    return applicationId + "-" + store + "-changelog-value";
  }
}
