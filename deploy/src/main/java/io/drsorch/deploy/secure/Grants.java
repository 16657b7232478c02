package io.drsorch.deploy.secure;

import io.drsorch.schemas.topics.TopicSpec;
import io.drsorch.schemas.topics.Topics;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What each principal of a secured cluster may read and write: the least its work needs, written
 * down once. {@link KafkaAcls} grants it on a running cluster (the local stack's) and {@link
 * KafkaUsers} writes it as Strimzi {@code KafkaUser} resources; a test holds the committed
 * resources to this table.
 *
 * <p>Beside its topics, each service may create any topic of the catalogue (every service creates
 * the missing ones at start, so that they start in any order) and owns the consumer groups and
 * transactional ids that begin with its name; the scheduler also owns the internal topics of its
 * Streams application, named after its application id.
 *
 * @param principal the Kafka user ({@code User:<principal>})
 * @param reads topics it consumes
 * @param writes topics it produces to
 * @param ownsPrefix whether the groups and transactional ids (and, for the scheduler, topics)
 *     beginning with its name are its own, and it may create catalogue topics
 */
public record Grants(
    String principal, List<String> reads, List<String> writes, boolean ownsPrefix) {

  /** Every principal's grants, services first, then drctl. */
  public static List<Grants> all() {
    return List.of(
        new Grants(
            "plan-service",
            names(Topics.PROTECTION_GROUPS, Topics.RECOVERY_PLANS, Topics.EXECUTIONS),
            withDeadLetters(
                Topics.PROTECTION_GROUPS,
                Topics.RECOVERY_PLANS,
                Topics.EXECUTION_REQUESTS,
                Topics.EXECUTION_COMMANDS),
            true),
        new Grants(
            "wave-scheduler",
            names(
                Topics.EXECUTION_REQUESTS,
                Topics.EXECUTION_COMMANDS,
                Topics.WAVE_EVENTS,
                Topics.SCHEDULER_ADMISSIONS,
                Topics.SCHEDULER_RELEASES,
                Topics.SCHEDULER_LAUNCH_REQUESTS,
                Topics.SCHEDULER_JOB_SLOTS),
            withDeadLetters(
                Topics.EXECUTIONS,
                Topics.EXECUTION_HISTORY,
                Topics.WAVE_COMMANDS,
                Topics.SCHEDULER_ADMISSIONS,
                Topics.SCHEDULER_RELEASES,
                Topics.SCHEDULER_LAUNCH_REQUESTS,
                Topics.SCHEDULER_JOB_SLOTS),
            true),
        new Grants(
            "drs-launcher", names(Topics.WAVE_COMMANDS), withDeadLetters(Topics.WAVE_EVENTS), true),
        new Grants(
            "job-watcher", names(Topics.WAVE_EVENTS), withDeadLetters(Topics.WAVE_EVENTS), true),
        // drctl: audits read every topic (by assignment, in no group); requests go to one.
        new Grants(
            "drctl",
            Stream.concat(Topics.ALL.stream().map(TopicSpec::name), Stream.of(Topics.DEAD_LETTERS))
                .toList(),
            names(Topics.EXECUTION_REQUESTS),
            false));
  }

  /** The grants by principal. */
  public static Map<String, Grants> byPrincipal() {
    Map<String, Grants> all = new LinkedHashMap<>();
    for (Grants grants : all()) {
      all.put(grants.principal(), grants);
    }
    return all;
  }

  private static List<String> names(TopicSpec<?>... topics) {
    return Stream.of(topics).map(TopicSpec::name).toList();
  }

  private static List<String> withDeadLetters(TopicSpec<?>... topics) {
    return Stream.concat(Stream.of(topics).map(TopicSpec::name), Stream.of(Topics.DEAD_LETTERS))
        .toList();
  }
}
