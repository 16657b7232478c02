package io.drsorch.scheduler.topology;

import io.drsorch.scheduler.admission.AdmissionProcessor;
import io.drsorch.scheduler.core.Decider;
import io.drsorch.scheduler.core.RetryPolicy;
import io.drsorch.scheduler.execution.ExecutionProcessor;
import io.drsorch.scheduler.execution.LargestState;
import io.drsorch.scheduler.gate.GateProcessor;
import io.drsorch.scheduler.gate.GateRequestSerde;
import io.drsorch.scheduler.gate.JobQuota;
import io.drsorch.scheduler.gate.QuotaGate;
import io.drsorch.scheduler.safety.Quarantine;
import io.drsorch.scheduler.safety.SizeGuard;
import io.drsorch.scheduler.store.StoredExecution;
import io.drsorch.scheduler.store.StoredGate;
import io.drsorch.scheduler.store.StoredGateEntry;
import io.drsorch.schemas.registry.AvroSerde;
import io.drsorch.schemas.registry.SchemaRegistryClient;
import io.drsorch.schemas.topics.Topic;
import io.drsorch.schemas.topics.TopicSpec;
import io.drsorch.schemas.topics.Topics;
import java.time.Duration;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * The scheduler's three sub-topologies. Admission, keyed by planId: one running execution per plan.
 * Execution, keyed by executionId: all of one execution's inputs (its admitted request, its
 * commands, its wave events) meet its state on one partition. Quota gate, keyed by {@code
 * accountId/region}: launches and drill cleanups' terminations of every execution meet the DRS
 * quotas and server locks of their account and region. They talk through internal topics, so each
 * side is partitioned by its own key.
 *
 * <p>Every processor measures what it writes against the {@link SizeGuard} before writing it, and
 * sits behind the {@link Quarantine}, which sets aside a record that failed too often after its
 * processor returned (see {@link QuarantinedProcessor}).
 */
public final class SchedulerTopology {

  /** planId -> executionId of the plan's running execution. */
  public static final String PLAN_SLOTS_STORE = "scheduler-plan-slots";

  /** executionId -> the execution's state (Avro StoredExecution, schema in the registry). */
  public static final String EXECUTIONS_STORE = "scheduler-executions";

  /** executionId -> epoch millis when its next timer is due; only executions that wait. */
  public static final String TIMERS_STORE = "scheduler-timers";

  /**
   * The quota gate's books: per accountId/region, its summary, the attempts it knows, the launches
   * in line and the index of releases by time, one small entry per key (StoreGateBook).
   */
  public static final String QUOTA_GATE_STORE = "scheduler-quota-gate";

  /**
   * accountId/region -> the whole quota gate in one record, as an earlier version kept it; read
   * only to move a gate into {@link #QUOTA_GATE_STORE} on its first input.
   */
  public static final String JOB_SLOTS_STORE = "scheduler-job-slots";

  public static final String REQUESTS_SOURCE = "execution-requests-source";
  public static final String RELEASES_SOURCE = "releases-source";
  public static final String ADMISSION_PROCESSOR = "admission-processor";
  public static final String ADMISSIONS_SINK = "admissions-sink";
  public static final String REJECTIONS_SINK = "rejected-executions-sink";
  public static final String REJECTION_HISTORY_SINK = "rejected-history-sink";
  public static final String ADMISSION_DEAD_LETTERS_SINK = "admission-dead-letters-sink";

  public static final String ADMISSIONS_SOURCE = "admissions-source";
  public static final String COMMANDS_SOURCE = "execution-commands-source";
  public static final String WAVE_EVENTS_SOURCE = "wave-events-source";
  public static final String EXECUTION_PROCESSOR = "execution-processor";
  public static final String LAUNCH_REQUESTS_SINK = "launch-requests-sink";
  public static final String JOB_SLOTS_SINK = "job-slots-sink";
  public static final String WAVE_ACTIONS_SINK = "wave-actions-sink";
  public static final String EXECUTIONS_SINK = "executions-sink";
  public static final String HISTORY_SINK = "history-sink";
  public static final String RELEASES_SINK = "releases-sink";
  public static final String EXECUTION_DEAD_LETTERS_SINK = "execution-dead-letters-sink";

  public static final String LAUNCH_REQUESTS_SOURCE = "launch-requests-source";
  public static final String JOB_SLOTS_SOURCE = "job-slots-source";
  public static final String GATE_PROCESSOR = "quota-gate-processor";
  public static final String WAVE_COMMANDS_SINK = "wave-commands-sink";
  public static final String DEFERRALS_SINK = "deferrals-sink";
  public static final String GATE_DEAD_LETTERS_SINK = "gate-dead-letters-sink";

  private SchedulerTopology() {}

  /**
   * With DRS's default quotas (20 concurrent jobs, 500 servers in active jobs, 100 servers per
   * call).
   */
  public static Topology build(SchemaRegistryClient registry, RetryPolicy policy, Duration tick) {
    return build(registry, policy, tick, JobQuota.DEFAULT);
  }

  /** With the default size bound and a quarantine of its own. */
  public static Topology build(
      SchemaRegistryClient registry, RetryPolicy policy, Duration tick, JobQuota quota) {
    return build(
        registry,
        policy,
        tick,
        quota,
        new SizeGuard(SizeGuard.DEFAULT_MAX_RECORD_BYTES),
        new Quarantine());
  }

  /**
   * @param guard and {@code quarantine}: the instance's own, also handed to the error handlers
   *     through the Streams configuration ({@link SizeGuard#CONFIG}, {@link Quarantine#CONFIG})
   */
  public static Topology build(
      SchemaRegistryClient registry,
      RetryPolicy policy,
      Duration tick,
      JobQuota quota,
      SizeGuard guard,
      Quarantine quarantine) {
    Topology topology = new Topology();
    addAdmission(topology, registry, guard, quarantine);
    addExecution(
        topology,
        registry,
        new Decider(policy),
        tick,
        new LargestState(policy.maxAttempts(), quota),
        guard,
        quarantine);
    addGate(topology, registry, new QuotaGate(quota), guard, quarantine);
    return topology;
  }

  private static void addAdmission(
      Topology t, SchemaRegistryClient registry, SizeGuard guard, Quarantine quarantine) {
    // Requests of one plan meet its slot; the final views of ended executions free it.
    source(t, REQUESTS_SOURCE, Topics.EXECUTION_REQUESTS, registry);
    source(t, RELEASES_SOURCE, Topics.SCHEDULER_RELEASES, registry);
    AdmissionProcessor.Children children =
        new AdmissionProcessor.Children(
            ADMISSIONS_SINK, REJECTIONS_SINK, REJECTION_HISTORY_SINK, ADMISSION_DEAD_LETTERS_SINK);
    t.addProcessor(
        ADMISSION_PROCESSOR,
        () ->
            new QuarantinedProcessor(
                new AdmissionProcessor(PLAN_SLOTS_STORE, children, guard),
                quarantine,
                guard,
                ADMISSION_DEAD_LETTERS_SINK),
        REQUESTS_SOURCE,
        RELEASES_SOURCE);
    t.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(PLAN_SLOTS_STORE), Serdes.String(), Serdes.String()),
        ADMISSION_PROCESSOR);
    // Admitted requests are re-keyed by executionId for the execution side.
    sink(t, ADMISSIONS_SINK, Topics.SCHEDULER_ADMISSIONS, registry, ADMISSION_PROCESSOR);
    sink(t, REJECTIONS_SINK, Topics.EXECUTIONS, registry, ADMISSION_PROCESSOR);
    sink(t, REJECTION_HISTORY_SINK, Topics.EXECUTION_HISTORY, registry, ADMISSION_PROCESSOR);
    deadLetterSink(t, ADMISSION_DEAD_LETTERS_SINK, ADMISSION_PROCESSOR);
  }

  private static void addExecution(
      Topology t,
      SchemaRegistryClient registry,
      Decider decider,
      Duration tick,
      LargestState largest,
      SizeGuard guard,
      Quarantine quarantine) {
    // Everything about one execution, keyed by executionId, feeds its state.
    source(t, ADMISSIONS_SOURCE, Topics.SCHEDULER_ADMISSIONS, registry);
    source(t, COMMANDS_SOURCE, Topics.EXECUTION_COMMANDS, registry);
    source(t, WAVE_EVENTS_SOURCE, Topics.WAVE_EVENTS, registry);
    ExecutionProcessor.Stores stores =
        new ExecutionProcessor.Stores(EXECUTIONS_STORE, TIMERS_STORE);
    ExecutionProcessor.Children children =
        new ExecutionProcessor.Children(
            LAUNCH_REQUESTS_SINK,
            WAVE_ACTIONS_SINK,
            JOB_SLOTS_SINK,
            EXECUTIONS_SINK,
            HISTORY_SINK,
            RELEASES_SINK,
            EXECUTION_DEAD_LETTERS_SINK);
    t.addProcessor(
        EXECUTION_PROCESSOR,
        () ->
            new QuarantinedProcessor(
                new ExecutionProcessor(decider, tick, stores, children, guard, largest),
                quarantine,
                guard,
                EXECUTION_DEAD_LETTERS_SINK),
        ADMISSIONS_SOURCE,
        COMMANDS_SOURCE,
        WAVE_EVENTS_SOURCE);
    // Persistent and changelogged: an execution survives restarts and moves with its partition.
    t.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(EXECUTIONS_STORE),
            Serdes.String(),
            AvroSerde.forValues(registry, StoredExecution.class)),
        EXECUTION_PROCESSOR);
    t.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(TIMERS_STORE), Serdes.String(), Serdes.Long()),
        EXECUTION_PROCESSOR);
    // Launches, drill cleanups' terminations (both start DRS jobs) and freed slots go to the quota
    // gate, keyed by account and region; launches and terminations on one topic, in one order.
    t.addSink(
        LAUNCH_REQUESTS_SINK,
        Topics.SCHEDULER_LAUNCH_REQUESTS.name(),
        new StringSerializer(),
        new GateRequestSerde(registry),
        EXECUTION_PROCESSOR);
    sink(t, JOB_SLOTS_SINK, Topics.SCHEDULER_JOB_SLOTS, registry, EXECUTION_PROCESSOR);
    // Wave actions (RunWaveAction) for the launcher: they start no DRS job, so they need no gate;
    // keyed by executionId.
    sink(t, WAVE_ACTIONS_SINK, Topics.WAVE_COMMANDS, registry, EXECUTION_PROCESSOR);
    sink(t, EXECUTIONS_SINK, Topics.EXECUTIONS, registry, EXECUTION_PROCESSOR);
    sink(t, HISTORY_SINK, Topics.EXECUTION_HISTORY, registry, EXECUTION_PROCESSOR);
    // Ended executions go back to the admission side, keyed by planId.
    sink(t, RELEASES_SINK, Topics.SCHEDULER_RELEASES, registry, EXECUTION_PROCESSOR);
    deadLetterSink(t, EXECUTION_DEAD_LETTERS_SINK, EXECUTION_PROCESSOR);
  }

  private static void addGate(
      Topology t,
      SchemaRegistryClient registry,
      QuotaGate gate,
      SizeGuard guard,
      Quarantine quarantine) {
    // Requests (launches, terminations) and freed slots of one account and region meet its quotas
    // on one partition.
    t.addSource(
        LAUNCH_REQUESTS_SOURCE,
        new StringDeserializer(),
        new LenientDeserializer<>(new GateRequestSerde(registry)),
        Topics.SCHEDULER_LAUNCH_REQUESTS.name());
    source(t, JOB_SLOTS_SOURCE, Topics.SCHEDULER_JOB_SLOTS, registry);
    GateProcessor.Children children =
        new GateProcessor.Children(WAVE_COMMANDS_SINK, DEFERRALS_SINK, GATE_DEAD_LETTERS_SINK);
    t.addProcessor(
        GATE_PROCESSOR,
        () ->
            new QuarantinedProcessor(
                new GateProcessor(gate, QUOTA_GATE_STORE, JOB_SLOTS_STORE, children, guard),
                quarantine,
                guard,
                GATE_DEAD_LETTERS_SINK),
        LAUNCH_REQUESTS_SOURCE,
        JOB_SLOTS_SOURCE);
    // Persistent and changelogged: a restart must not forget which jobs, servers and locks are
    // active or who waits.
    t.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(QUOTA_GATE_STORE),
            Serdes.String(),
            AvroSerde.forValues(registry, StoredGateEntry.class)),
        GATE_PROCESSOR);
    t.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(JOB_SLOTS_STORE),
            Serdes.String(),
            AvroSerde.forValues(registry, StoredGate.class)),
        GATE_PROCESSOR);
    // Only the gate writes LaunchWave and TerminateRecoveryInstances for the launcher, keyed by
    // executionId.
    sink(t, WAVE_COMMANDS_SINK, Topics.WAVE_COMMANDS, registry, GATE_PROCESSOR);
    // Deferrals join the execution's wave events so its view says why the wave waits.
    sink(t, DEFERRALS_SINK, Topics.WAVE_EVENTS, registry, GATE_PROCESSOR);
    deadLetterSink(t, GATE_DEAD_LETTERS_SINK, GATE_PROCESSOR);
  }

  private static <V extends SpecificRecord> void source(
      Topology t, String name, TopicSpec<V> spec, SchemaRegistryClient registry) {
    Topic<V> topic = Topic.bind(spec, registry);
    t.addSource(
        name,
        new StringDeserializer(),
        new LenientDeserializer<>(topic.value().deserializer()),
        topic.name());
  }

  @SuppressWarnings("unchecked")
  private static <V extends SpecificRecord> void sink(
      Topology t, String name, TopicSpec<V> spec, SchemaRegistryClient registry, String parent) {
    Topic<V> topic = Topic.bind(spec, registry);
    Serializer<Object> values = (Serializer<Object>) (Serializer<?>) topic.value().serializer();
    t.addSink(name, topic.name(), new StringSerializer(), values, parent);
  }

  @SuppressWarnings("unchecked")
  private static void deadLetterSink(Topology t, String name, String parent) {
    Serializer<Object> raw = (Serializer<Object>) (Serializer<?>) new ByteArraySerializer();
    t.addSink(name, Topics.DEAD_LETTERS, new StringSerializer(), raw, parent);
  }
}
