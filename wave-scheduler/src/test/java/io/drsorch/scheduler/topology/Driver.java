package io.drsorch.scheduler.topology;

import io.drsorch.avro.ExecutionCommand;
import io.drsorch.avro.ExecutionRequested;
import io.drsorch.avro.ExecutionUpdated;
import io.drsorch.avro.JobSlotsReleased;
import io.drsorch.avro.LaunchWave;
import io.drsorch.avro.WaveCommand;
import io.drsorch.avro.WaveEvent;
import io.drsorch.avro.WaveView;
import io.drsorch.scheduler.Inputs;
import io.drsorch.scheduler.SchedulerConfig;
import io.drsorch.scheduler.core.RetryPolicy;
import io.drsorch.scheduler.gate.JobQuota;
import io.drsorch.scheduler.safety.Quarantine;
import io.drsorch.scheduler.safety.SizeGuard;
import io.drsorch.scheduler.store.StoreGateBook;
import io.drsorch.scheduler.store.StoredGateEntry;
import io.drsorch.schemas.registry.SchemaRegistryClient;
import io.drsorch.schemas.topics.Topic;
import io.drsorch.schemas.topics.Topics;
import io.drsorch.testsupport.SchemaRegistryProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/** The whole scheduler topology in a TopologyTestDriver, with typed topics and a test clock. */
public final class Driver implements AutoCloseable {

  public final TopologyTestDriver driver;
  public final TestInputTopic<String, ExecutionRequested> requests;
  public final TestInputTopic<String, WaveEvent> waveEvents;
  public final TestInputTopic<String, ExecutionCommand> commands;
  public final TestOutputTopic<String, WaveCommand> waveCommands;
  public final TestOutputTopic<String, WaveEvent> waveEventsOut;
  public final TestOutputTopic<String, ExecutionUpdated> executions;
  public final TestOutputTopic<String, JobSlotsReleased> jobSlots;
  public final TestOutputTopic<String, LaunchWave> launchRequests;

  /** The topology's guard, to make it learn a topic's lower limit. */
  public final SizeGuard guard;

  private Instant clock = Inputs.T0;

  public Driver(Path stateDir, RetryPolicy policy, JobQuota quota) {
    SchemaRegistryClient registry =
        SchemaRegistryClient.shared(SchemaRegistryProcess.shared().url());
    SchedulerConfig config =
        SchedulerConfig.defaults("unused:9092", registry.baseUrl(), stateDir.toString());
    // As SchedulerApp wires them: the error handlers find the topology's guard and quarantine.
    guard = new SizeGuard(config.maxRecordBytes());
    Quarantine quarantine = new Quarantine();
    Properties properties = config.streamsProperties(guard, quarantine);
    driver =
        new TopologyTestDriver(
            SchedulerTopology.build(
                registry, policy, Duration.ofMillis(250), quota, guard, quarantine),
            properties,
            Inputs.T0);
    requests = input(Topic.bind(Topics.EXECUTION_REQUESTS, registry));
    waveEvents = input(Topic.bind(Topics.WAVE_EVENTS, registry));
    commands = input(Topic.bind(Topics.EXECUTION_COMMANDS, registry));
    waveCommands = output(Topic.bind(Topics.WAVE_COMMANDS, registry));
    waveEventsOut = output(Topic.bind(Topics.WAVE_EVENTS, registry));
    executions = output(Topic.bind(Topics.EXECUTIONS, registry));
    jobSlots = output(Topic.bind(Topics.SCHEDULER_JOB_SLOTS, registry));
    launchRequests = output(Topic.bind(Topics.SCHEDULER_LAUNCH_REQUESTS, registry));
  }

  private <V extends SpecificRecord> TestInputTopic<String, V> input(Topic<V> topic) {
    return driver.createInputTopic(
        topic.name(), topic.key().serializer(), topic.value().serializer());
  }

  private <V extends SpecificRecord> TestOutputTopic<String, V> output(Topic<V> topic) {
    return driver.createOutputTopic(
        topic.name(), topic.key().deserializer(), topic.value().deserializer());
  }

  /** Record time moves one second per input. */
  public Instant tick() {
    clock = clock.plusSeconds(1);
    return clock;
  }

  public Instant clock() {
    return clock;
  }

  /** Advances the punctuators' wall clock (it starts at T0, apart from record time). */
  public void advanceWallClock(Duration by) {
    driver.advanceWallClockTime(by);
  }

  public void start(ExecutionRequested request) {
    requests.pipeInput(request.getPlanId(), request, tick());
  }

  public void send(Object event) {
    SpecificRecord r = (SpecificRecord) event;
    String executionId = r.get(r.getSchema().getField("executionId").pos()).toString();
    waveEvents.pipeInput(executionId, new WaveEvent(event), tick());
  }

  public List<LaunchWave> launches() {
    return waveCommands.readValuesToList().stream().map(c -> (LaunchWave) c.getCommand()).toList();
  }

  public ExecutionUpdated lastView() {
    List<ExecutionUpdated> views = executions.readValuesToList();
    return views.get(views.size() - 1);
  }

  /** The quota gate's book of {@code key} ({@code accountId/region}), as the store holds it. */
  public StoreGateBook gate(String key) {
    return StoreGateBook.open(
        driver.<String, StoredGateEntry>getKeyValueStore(SchedulerTopology.QUOTA_GATE_STORE),
        null,
        key);
  }

  public static WaveView waveOf(ExecutionUpdated view, String waveId) {
    return view.getWaves().stream()
        .filter(w -> w.getWaveId().equals(waveId))
        .findFirst()
        .orElseThrow();
  }

  @Override
  public void close() {
    driver.close();
  }
}
