package io.drsorch.drctl.audit;

import io.drsorch.avro.ExecutionCommand;
import io.drsorch.avro.ExecutionRequested;
import io.drsorch.avro.ExecutionTransition;
import io.drsorch.avro.ExecutionUpdated;
import io.drsorch.avro.LaunchWave;
import io.drsorch.avro.RunWaveAction;
import io.drsorch.avro.WaveCommand;
import io.drsorch.avro.WaveEvent;
import io.drsorch.drctl.cli.CliException;
import io.drsorch.drctl.cli.KafkaOptions;
import io.drsorch.scheduler.replay.ExecutionRecords;
import io.drsorch.scheduler.replay.Recorded;
import io.drsorch.schemas.registry.SchemaRegistryClient;
import io.drsorch.schemas.topics.Topic;
import io.drsorch.schemas.topics.TopicSpec;
import io.drsorch.schemas.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.utils.Utils;

/**
 * Reads one execution's records from the topics, from the beginning up to their end as of the start
 * of the read (records written meanwhile wait for the next audit). Topics keyed by executionId are
 * read only in the partition that key goes to (Kafka's default partitioner); the requests topic,
 * keyed by planId, in the partition of the execution's plan once known, else whole. No consumer
 * group: nothing is committed, nothing is changed.
 */
public final class TopicReader implements AutoCloseable {

  private static final Duration POLL = Duration.ofMillis(200);
  private static final Duration LIMIT = Duration.ofMinutes(2);

  private final KafkaConsumer<String, byte[]> consumer;
  private final SchemaRegistryClient registry;
  private final String bootstrapServers;

  public TopicReader(KafkaOptions kafka) {
    this.bootstrapServers = kafka.bootstrapServers();
    Properties props = kafka.common();
    props.put("enable.auto.commit", "false");
    // The scheduler writes in transactions: an aborted attempt's records never happened.
    props.put("isolation.level", "read_committed");
    props.put("max.poll.records", "2000");
    this.consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
    this.registry = kafka.registry();
  }

  /**
   * @param historyTopic where the history is read from: drs.execution-history, or a copy of it
   */
  public AuditRecords read(String executionId, String historyTopic) {
    List<Recorded<byte[]>> unreadable = new ArrayList<>();
    Predicate<ConsumerRecord<String, byte[]>> ours = r -> executionId.equals(r.key());
    // A copy of the history may be partitioned differently: read all of it.
    String historyKey = Topics.EXECUTION_HISTORY.name().equals(historyTopic) ? executionId : null;
    List<Recorded<ExecutionTransition>> history =
        values(Topics.EXECUTION_HISTORY, historyTopic, historyKey, ours, unreadable);
    List<Recorded<ExecutionUpdated>> views =
        values(Topics.EXECUTIONS, Topics.EXECUTIONS.name(), executionId, ours, unreadable);
    List<Recorded<ExecutionRequested>> admitted =
        values(
            Topics.SCHEDULER_ADMISSIONS,
            Topics.SCHEDULER_ADMISSIONS.name(),
            executionId,
            ours,
            unreadable);
    // Every command of the envelope (cancel, approve, reject, pause, resume, and any added later):
    // the replay feeds them all to the scheduler's core, and the audit shows them all.
    List<Recorded<SpecificRecord>> commands =
        unwrapped(
            values(
                Topics.EXECUTION_COMMANDS,
                Topics.EXECUTION_COMMANDS.name(),
                executionId,
                ours,
                unreadable));
    // drs.wave-commands also carries a drill cleanup's TerminateRecoveryInstances and the
    // RunWaveAction of wave actions: the launches are the LaunchWave among them, which the replay
    // checks it decided; the action runs are kept for the timeline.
    List<Recorded<SpecificRecord>> waveCommands =
        unwrapped(
            values(
                Topics.WAVE_COMMANDS, Topics.WAVE_COMMANDS.name(), executionId, ours, unreadable));
    List<Recorded<LaunchWave>> launches = new ArrayList<>();
    List<Recorded<RunWaveAction>> actionRuns = new ArrayList<>();
    for (Recorded<SpecificRecord> command : waveCommands) {
      if (command.value() instanceof LaunchWave launch) {
        launches.add(command.withValue(launch));
      } else if (command.value() instanceof RunWaveAction run) {
        actionRuns.add(command.withValue(run));
      }
    }
    // Every wave event, WaveActionStarted and WaveActionEnded included: they are inputs the
    // scheduler decided on, so the replay needs them as much as the DRS ones.
    List<Recorded<SpecificRecord>> waveEvents =
        unwrapped(
            values(Topics.WAVE_EVENTS, Topics.WAVE_EVENTS.name(), executionId, ours, unreadable));
    String planId = planIdOf(history, views, admitted);
    List<Recorded<ExecutionRequested>> requests =
        values(
                Topics.EXECUTION_REQUESTS,
                Topics.EXECUTION_REQUESTS.name(),
                planId,
                r -> planId == null || planId.equals(r.key()),
                unreadable)
            .stream()
            .filter(r -> executionId.equals(r.value().getExecutionId()))
            .toList();
    return new AuditRecords(
        new ExecutionRecords(
            executionId,
            requests,
            admitted,
            commands,
            launches,
            waveEvents,
            history,
            views,
            unreadable),
        actionRuns);
  }

  /**
   * The latest view of every execution on {@code drs.executions} that {@code keep} selects, read
   * from every partition: the topic is compacted, but until the cleaner ran it holds older views
   * too, so the last one read of each key wins. Views that cannot be read are counted in {@code
   * unreadable}, not guessed at.
   */
  public List<ExecutionUpdated> latestViews(
      Predicate<ExecutionUpdated> keep, List<Recorded<byte[]>> unreadable) {
    String topic = Topics.EXECUTIONS.name();
    Deserializer<ExecutionUpdated> values =
        Topic.bind(Topics.EXECUTIONS, registry).value().deserializer();
    Map<String, ExecutionUpdated> latest = new LinkedHashMap<>();
    for (ConsumerRecord<String, byte[]> r : raw(topic, null)) {
      if (r.value() == null) {
        // A tombstone: the view was deleted.
        latest.remove(r.key());
        continue;
      }
      try {
        latest.put(r.key(), values.deserialize(topic, r.value()));
      } catch (RuntimeException e) {
        unreadable.add(recorded(r, r.value()));
      }
    }
    return latest.values().stream().filter(keep).toList();
  }

  private static String planIdOf(
      List<Recorded<ExecutionTransition>> history,
      List<Recorded<ExecutionUpdated>> views,
      List<Recorded<ExecutionRequested>> admitted) {
    if (!history.isEmpty()) {
      return history.get(0).value().getPlanId();
    }
    if (!views.isEmpty()) {
      return views.get(0).value().getPlanId();
    }
    return admitted.isEmpty() ? null : admitted.get(0).value().getPlanId();
  }

  @SuppressWarnings("unchecked")
  private static <T> List<Recorded<T>> unwrapped(List<? extends Recorded<?>> records) {
    List<Recorded<T>> out = new ArrayList<>();
    for (Recorded<?> r : records) {
      out.add(r.withValue((T) unwrap(r.value())));
    }
    return out;
  }

  /** What an envelope (a wave event, an execution or wave command) holds. */
  private static SpecificRecord unwrap(Object value) {
    if (value instanceof WaveEvent event) {
      return (SpecificRecord) event.getEvent();
    }
    if (value instanceof ExecutionCommand command) {
      return (SpecificRecord) command.getCommand();
    }
    if (value instanceof WaveCommand command) {
      return (SpecificRecord) command.getCommand();
    }
    return (SpecificRecord) value;
  }

  /** {@code value}, recorded where {@code record} sits. */
  private static <T> Recorded<T> recorded(ConsumerRecord<?, ?> record, T value) {
    return new Recorded<>(
        record.topic(), record.partition(), record.offset(), record.timestamp(), value);
  }

  /**
   * Decoded values of {@code topic} that {@code keep} selects; {@code key} picks the partition to
   * read (null: all).
   */
  private <V extends SpecificRecord> List<Recorded<V>> values(
      TopicSpec<V> spec,
      String topic,
      String key,
      Predicate<ConsumerRecord<String, byte[]>> keep,
      List<Recorded<byte[]>> unreadable) {
    Deserializer<V> values = Topic.bind(spec, registry).value().deserializer();
    List<Recorded<V>> out = new ArrayList<>();
    for (ConsumerRecord<String, byte[]> r : raw(topic, key)) {
      if (r.value() == null || !keep.test(r)) {
        continue;
      }
      try {
        out.add(recorded(r, values.deserialize(topic, r.value())));
      } catch (RuntimeException e) {
        unreadable.add(recorded(r, r.value()));
      }
    }
    return out;
  }

  private List<ConsumerRecord<String, byte[]>> raw(String topic, String key) {
    List<TopicPartition> partitions = partitions(topic, key);
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    Map<TopicPartition, Long> ends = new HashMap<>(consumer.endOffsets(partitions));
    List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
    Instant deadline = Instant.now().plus(LIMIT);
    while (!ends.isEmpty()) {
      ends.entrySet().removeIf(e -> consumer.position(e.getKey()) >= e.getValue());
      if (ends.isEmpty()) {
        break;
      }
      if (Instant.now().isAfter(deadline)) {
        throw new CliException("reading " + topic + " took longer than " + LIMIT);
      }
      for (ConsumerRecord<String, byte[]> r : consumer.poll(POLL)) {
        Long end = ends.get(new TopicPartition(r.topic(), r.partition()));
        if (end != null && r.offset() < end) {
          out.add(r);
        }
      }
    }
    consumer.unsubscribe();
    return out;
  }

  private List<TopicPartition> partitions(String topic, String key) {
    List<PartitionInfo> infos;
    try {
      infos = consumer.partitionsFor(topic);
    } catch (TimeoutException e) {
      throw new CliException(
          "cannot read topic "
              + topic
              + ": Kafka at "
              + bootstrapServers
              + " did not answer in time");
    }
    if (infos == null || infos.isEmpty()) {
      throw new CliException("topic " + topic + " does not exist");
    }
    if (key != null) {
      int partition =
          Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % infos.size();
      return List.of(new TopicPartition(topic, partition));
    }
    return infos.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
  }

  @Override
  public void close() {
    consumer.close();
  }
}
