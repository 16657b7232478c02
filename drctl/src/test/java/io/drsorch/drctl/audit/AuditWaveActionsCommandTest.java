package io.drsorch.drctl.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.drsorch.avro.WaveCommand;
import io.drsorch.avro.WaveEvent;
import io.drsorch.drctl.cli.Captured;
import io.drsorch.scheduler.replay.Recorded;
import io.drsorch.schemas.registry.SchemaRegistryClient;
import io.drsorch.schemas.runtime.TopicAdmin;
import io.drsorch.schemas.topics.Topic;
import io.drsorch.schemas.topics.TopicSpec;
import io.drsorch.schemas.topics.Topics;
import io.drsorch.testsupport.EmbeddedKafka;
import io.drsorch.testsupport.SchemaRegistryProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code drctl audit} against a real broker and schema registry, of an execution whose waves ran
 * before and after actions: its records written to the topics as the scheduler and the edge write
 * them (RunWaveAction among the LaunchWave of drs.wave-commands, WaveActionStarted and
 * WaveActionEnded on drs.wave-events, ACTION_ transitions in the history), read back by the
 * command.
 */
class AuditWaveActionsCommandTest {

  private static EmbeddedKafka kafka;
  private static String registry;
  private static String executionId;
  private static WaveActionsExecution execution;

  @BeforeAll
  static void writeAnExecutionWithActions() throws Exception {
    kafka = EmbeddedKafka.start();
    registry = SchemaRegistryProcess.shared().url();
    TopicAdmin.ensureTopics(kafka.bootstrapServers(), 3, (short) 1);
    executionId = "e-" + UUID.randomUUID();
    execution = new WaveActionsExecution(executionId);
    Recorded<SpecificRecord> request =
        new Recorded<>("", 0, 0, WaveActionsExecution.T0.toEpochMilli(), execution.request);
    write(Topics.EXECUTION_REQUESTS, WaveActionsExecution.PLAN, List.of(request), v -> v);
    write(Topics.SCHEDULER_ADMISSIONS, executionId, List.of(request), v -> v);
    write(
        Topics.WAVE_EVENTS,
        executionId,
        execution.waveEvents,
        v -> WaveEvent.newBuilder().setEvent(v).build());
    write(
        Topics.WAVE_COMMANDS,
        executionId,
        execution.waveCommands,
        v -> WaveCommand.newBuilder().setCommand(v).build());
    write(Topics.EXECUTION_HISTORY, executionId, execution.history, v -> v);
    write(Topics.EXECUTIONS, executionId, execution.views, v -> v);
  }

  @AfterAll
  static void stopKafka() {
    kafka.close();
  }

  @Test
  void givenAnExecutionWithWaveActions_whenVerified_thenTheReplayReachesTheRecordedHistory() {
    // when
    Captured audit = audit("--verify");

    // then: every action start and end was read from drs.wave-events and replayed
    assertThat(audit.code()).as(audit.out() + audit.err()).isZero();
    assertThat(audit.out())
        .doesNotContain("unreadable record")
        .contains(
            "verified: replaying 15 recorded inputs (0 timer firings) through a fresh scheduler"
                + " core reaches exactly the 17 recorded transitions");
  }

  @Test
  void givenAnExecutionWithWaveActions_whenAudited_thenTheTimelineAndTheReportShowEveryStep() {
    // when
    Captured audit = audit();

    // then
    assertThat(audit.code()).as(audit.out() + audit.err()).isZero();
    assertThat(audit.out())
        .containsPattern(
            "RUN +RunWaveAction +run after action 'db-ready' of wave db: SSM automation"
                + " Runbook-db-ready")
        .containsPattern(
            "ACTION +WaveActionEnded +after action 'app-health' of wave app FAILED: Step failed")
        .contains("wave db ACTION_RUNNING -> ACTION_SUCCEEDED automation [auto-stop]")
        .contains(
            "               after   smoke        HTTP_CHECK      FAILED     2026-01-01T10:00:40Z"
                + " to 2026-01-01T10:00:50Z (10 s)  HTTP 503  expected HTTP 200, got 503"
                + " (continued: the wave went on)")
        .contains("DRS run time 46 s, wave actions 34 s");
  }

  @Test
  void givenAnExecutionWithWaveActions_whenReportedInHtml_thenItsStepsAreInThePage(
      @TempDir Path dir) throws Exception {
    Path html = dir.resolve("actions.html");

    Captured audit = audit("--html", html.toString(), "--quiet");

    assertThat(audit.code()).as(audit.out() + audit.err()).isZero();
    String page = Files.readString(html, StandardCharsets.UTF_8);
    assertThat(page)
        .contains("<table id=\"wave-actions\">")
        .contains("<tr data-wave=\"app\" data-step=\"AFTER-0\">")
        .contains("<rect class=\"bar action status-FAILED\" data-wave=\"app\"")
        .doesNotContainPattern("(src|href)=\"?(https?:)?//");
  }

  private static Captured audit(String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "audit",
                executionId,
                "--bootstrap-server",
                kafka.bootstrapServers(),
                "--schema-registry",
                registry));
    args.addAll(List.of(more));
    return Captured.run(args.toArray(String[]::new));
  }

  /** Writes {@code records} in order, each with its time as the record timestamp. */
  private static <V extends SpecificRecord, T> void write(
      TopicSpec<V> spec, String key, List<Recorded<T>> records, Function<T, ?> wrap)
      throws Exception {
    Topic<V> topic = Topic.bind(spec, new SchemaRegistryClient(registry));
    try (KafkaProducer<String, V> producer =
        new KafkaProducer<>(
            Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
            topic.key().serializer(),
            topic.value().serializer())) {
      for (Recorded<T> r : records) {
        @SuppressWarnings("unchecked")
        V value = (V) wrap.apply(r.value());
        producer
            .send(new ProducerRecord<>(topic.name(), null, r.timestamp(), key, value))
            .get(30, TimeUnit.SECONDS);
      }
    }
  }
}
