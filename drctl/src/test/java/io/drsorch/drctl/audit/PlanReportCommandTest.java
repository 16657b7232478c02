package io.drsorch.drctl.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.drsorch.avro.CleanupView;
import io.drsorch.avro.ExecutionMode;
import io.drsorch.avro.ExecutionStatus;
import io.drsorch.avro.ExecutionUpdated;
import io.drsorch.avro.LaunchStatus;
import io.drsorch.avro.PreflightMode;
import io.drsorch.avro.PreflightVerdict;
import io.drsorch.avro.RtoEvidence;
import io.drsorch.avro.ServerLaunch;
import io.drsorch.avro.ServerProblem;
import io.drsorch.avro.WaveStatus;
import io.drsorch.avro.WaveView;
import io.drsorch.drctl.cli.Captured;
import io.drsorch.schemas.registry.SchemaRegistryClient;
import io.drsorch.schemas.runtime.TopicAdmin;
import io.drsorch.schemas.topics.Topic;
import io.drsorch.schemas.topics.Topics;
import io.drsorch.testsupport.EmbeddedKafka;
import io.drsorch.testsupport.SchemaRegistryProcess;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.xml.parsers.DocumentBuilderFactory;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/**
 * {@code drctl report} against a real broker and schema registry: views written to drs.executions
 * as the scheduler writes them, read back by the command as an auditor would run it.
 */
class PlanReportCommandTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

  private static EmbeddedKafka kafka;
  private static String registry;

  @BeforeAll
  static void startKafka() {
    kafka = EmbeddedKafka.start();
    registry = SchemaRegistryProcess.shared().url();
    TopicAdmin.ensureTopics(kafka.bootstrapServers(), 3, (short) 1);
  }

  @AfterAll
  static void stopKafka() {
    kafka.close();
  }

  /** Writes the views, in order, as the scheduler would: keyed by their execution. */
  private static void write(ExecutionUpdated... views) throws Exception {
    Topic<ExecutionUpdated> topic =
        Topic.bind(Topics.EXECUTIONS, new SchemaRegistryClient(registry));
    try (KafkaProducer<String, ExecutionUpdated> producer =
        new KafkaProducer<>(
            Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
            topic.key().serializer(),
            topic.value().serializer())) {
      for (ExecutionUpdated view : views) {
        producer
            .send(new ProducerRecord<>(topic.name(), view.getExecutionId(), view))
            .get(30, TimeUnit.SECONDS);
      }
    }
  }

  private static Captured report(String... args) {
    List<String> all = new ArrayList<>(Arrays.asList(args));
    all.addAll(
        List.of("--bootstrap-server", kafka.bootstrapServers(), "--schema-registry", registry));
    return Captured.run(all.toArray(String[]::new));
  }

  private static ServerLaunch server(String id, Long rpoSeconds) {
    return ServerLaunch.newBuilder()
        .setSourceServerId(id)
        .setLaunchStatus(LaunchStatus.LAUNCHED)
        .setRecoveryInstanceId("i-" + id)
        .setJobId("drsjob-1")
        .setRpoSeconds(rpoSeconds)
        .build();
  }

  /** An ended execution of {@code planId} started {@code daysAgo} days ago. */
  private static ExecutionUpdated.Builder execution(
      String planId, String executionId, ExecutionMode mode, int daysAgo, ServerLaunch... servers) {
    Instant started = NOW.minus(Duration.ofDays(daysAgo));
    return ExecutionUpdated.newBuilder()
        .setId(UUID.randomUUID().toString())
        .setExecutionId(executionId)
        .setOccurredAt(started.plusSeconds(600))
        .setSequence(9)
        .setPlanId(planId)
        .setPlanVersion(1)
        .setPlanName("Three tier")
        .setMode(mode)
        .setRequestedBy("alice")
        .setStatus(ExecutionStatus.COMPLETED)
        .setStartedAt(started)
        .setEndedAt(started.plusSeconds(600))
        .setWaves(
            List.of(
                WaveView.newBuilder()
                    .setWaveId("db")
                    .setName("db")
                    .setRegion("us-east-1")
                    .setStatus(WaveStatus.COMPLETED)
                    .setServers(List.of(servers))
                    .build()));
  }

  private static RtoEvidence rto(int targetMinutes, long measuredSeconds) {
    return RtoEvidence.newBuilder()
        .setTargetMinutes(targetMinutes)
        .setMeasuredSeconds(measuredSeconds)
        .setMet(measuredSeconds <= targetMinutes * 60L)
        .build();
  }

  private static CleanupView cleanup(String status, int instances, int terminated) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < instances; i++) {
      ids.add("i-" + i);
    }
    return CleanupView.newBuilder()
        .setStatus(status)
        .setRequestedBy("alice")
        .setRequestedAt(NOW.minus(Duration.ofDays(1)))
        .setInstanceIds(ids)
        .setTerminatedInstanceIds(ids.subList(0, terminated))
        .build();
  }

  private static PreflightVerdict warned(int notReady) {
    List<ServerProblem> problems = new ArrayList<>();
    for (int i = 0; i < notReady; i++) {
      problems.add(
          ServerProblem.newBuilder()
              .setSourceServerId("s-" + i)
              .setWaveId("db")
              .setProblems(List.of("replication lag 20 min (at most 15)"))
              .build());
    }
    return PreflightVerdict.newBuilder()
        .setMode(PreflightMode.WARN)
        .setCheckedAt(NOW)
        .setServersChecked(4)
        .setProblems(problems)
        .build();
  }

  /**
   * Of plan {@code planId}: an old drill out of range; a drill that met its RTO, cleaned up, from a
   * WARN pre-flight; a drill that did not meet it, its cleanup failed; a recovery without a target;
   * and one drill of another plan.
   */
  private static void fourExecutions(String planId) throws Exception {
    write(
        execution(planId, planId + "-old", ExecutionMode.DRILL, 120, server("s-1", 60L))
            .setRto(rto(30, 100))
            .build(),
        execution(
                planId,
                planId + "-met",
                ExecutionMode.DRILL,
                30,
                server("s-1", 300L),
                server("s-2", 45L))
            .setRto(rto(30, 540))
            .setCleanup(cleanup("COMPLETED", 2, 2))
            .setPreflight(warned(2))
            .build(),
        execution(planId, planId + "-late", ExecutionMode.DRILL, 10, server("s-1", null))
            .setRto(rto(10, 730))
            .setCleanup(cleanup("FAILED", 3, 1))
            .build(),
        execution(planId, planId + "-rec", ExecutionMode.RECOVERY, 2, server("s-1", 3600L))
            .setRto(RtoEvidence.newBuilder().setMeasuredSeconds(40L).build())
            .build(),
        execution("other-" + planId, "other-" + planId, ExecutionMode.DRILL, 5).build());
  }

  @Test
  void givenExecutionsOfThePlan_whenReported_thenTheTableOldestFirstAndTheSummary()
      throws Exception {
    // given
    String planId = "plan-" + UUID.randomUUID().toString().substring(0, 8);
    fourExecutions(planId);

    // when
    Captured reported = report("report", "--plan", planId);

    // then
    assertThat(reported.code()).as(reported.err()).isZero();
    List<String> lines = reported.out().lines().toList();
    assertThat(lines.get(0))
        .startsWith("Executions of plan " + planId + " (Three tier) started since ")
        .endsWith("(the last 90d), oldest first");
    assertThat(lines.get(1))
        .startsWith("STARTED (UTC)")
        .contains("EXECUTION", "MODE", "STATUS", "RTO (measured / target)", "WORST RPO")
        .contains("CLEANUP", "PRE-FLIGHT");
    assertThat(lines).hasSize(6);
    assertThat(lines.get(2))
        .contains(planId + "-met", "DRILL", "COMPLETED", "9 min 00 s / 30 min: met", "5 min 00 s")
        .matches(".*5 min 00 s +COMPLETED +WARN: 2 problems");
    assertThat(lines.get(3))
        .contains(planId + "-late", "12 min 10 s / 10 min: NOT met")
        .contains("FAILED (1 of 3 terminated)")
        .endsWith("-");
    assertThat(lines.get(4))
        .contains(planId + "-rec", "RECOVERY", "40 s (no target)", "1 h 00 min", "n/a");
    assertThat(lines.get(5)).isEqualTo("2 drills, 1 recovery; RTO met 1 of 2 with a target");
    assertThat(reported.out()).doesNotContain(planId + "-old").doesNotContain("other-");
    // the columns line up: every execution id starts where the header's does
    int column = lines.get(1).indexOf("EXECUTION");
    assertThat(lines.subList(2, 5))
        .allSatisfy(l -> assertThat(l.indexOf(planId)).isEqualTo(column));
  }

  @Test
  void givenALongerSpan_whenReported_thenOlderExecutionsAreIn() throws Exception {
    // given
    String planId = "plan-" + UUID.randomUUID().toString().substring(0, 8);
    fourExecutions(planId);

    // when
    Captured iso = report("report", "--plan", planId, "--since", "P200D");
    Captured hours = report("report", "--plan", planId, "--since", "72h");

    // then
    assertThat(iso.code()).as(iso.err()).isZero();
    assertThat(iso.out())
        .contains(planId + "-old")
        .contains("3 drills, 1 recovery; RTO met 2 of 3");
    assertThat(hours.out())
        .doesNotContain(planId + "-met")
        .contains(planId + "-rec")
        .contains("0 drills, 1 recovery; RTO: no execution with a target and a verdict");
  }

  @Test
  void givenALaterViewOfAnExecution_whenReported_thenOnlyTheLatestCounts() throws Exception {
    // given: the drill's first view was RUNNING; the latest shows its end and its cleanup
    String planId = "plan-" + UUID.randomUUID().toString().substring(0, 8);
    ExecutionUpdated running =
        execution(planId, planId + "-1", ExecutionMode.DRILL, 1)
            .setSequence(1)
            .setStatus(ExecutionStatus.RUNNING)
            .setEndedAt(null)
            .build();
    ExecutionUpdated ended =
        execution(planId, planId + "-1", ExecutionMode.DRILL, 1)
            .setCleanup(cleanup("RUNNING", 1, 0))
            .build();
    write(running, ended);

    // when
    Captured reported = report("report", "--plan", planId, "-o", "json");

    // then
    JsonNode json = JSON.readTree(reported.out());
    assertThat(json.path("executions")).hasSize(1);
    assertThat(json.path("executions").get(0).path("status").asText()).isEqualTo("COMPLETED");
    assertThat(json.path("executions").get(0).path("cleanup").path("status").asText())
        .isEqualTo("RUNNING");
    assertThat(json.path("planId").asText()).isEqualTo(planId);
  }

  @Test
  void givenAPlanWithNoExecutionsInRange_whenReported_thenSaidSoAndExit0(@TempDir Path dir)
      throws Exception {
    // given
    String planId = "plan-" + UUID.randomUUID().toString().substring(0, 8);
    write(execution(planId, planId + "-old", ExecutionMode.DRILL, 100).build());
    Path html = dir.resolve("empty.html");

    // when
    Captured reported = report("report", "--plan", planId, "--html", html.toString());

    // then
    assertThat(reported.code()).as(reported.err()).isZero();
    assertThat(reported.out())
        .startsWith("no executions of plan " + planId + " started since ")
        .contains("(the last 90d)\n")
        .endsWith("report written to " + html + "\n");
    assertThat(Files.readString(html)).contains("id=\"no-executions\"");
  }

  @Test
  void givenHostileTexts_whenReportedAsHtml_thenThePageIsWellFormedEscapedAndSelfContained(
      @TempDir Path dir) throws Exception {
    // given: ids as the topics could hold them, markup included
    String planId = "plan-<b>&\"" + UUID.randomUUID().toString().substring(0, 8);
    fourExecutions(planId);
    Path html = dir.resolve("reports/evidence.html");

    // when
    Captured reported = report("report", "--plan", planId, "--html", html.toString());

    // then
    assertThat(reported.code()).as(reported.err()).isZero();
    String page = Files.readString(html, StandardCharsets.UTF_8);
    assertThat(page)
        .startsWith("<!DOCTYPE html>")
        .doesNotContain("<b>")
        .contains("plan-&lt;b&gt;&amp;&quot;")
        .doesNotContain("http://", "https://", "<script", "<link", "src=");
    Document doc = xml(page);
    NodeList rows = doc.getElementsByTagName("tbody").item(0).getChildNodes();
    List<String> executions = new ArrayList<>();
    for (int i = 0; i < rows.getLength(); i++) {
      if (rows.item(i) instanceof Element row) {
        executions.add(row.getAttribute("data-execution"));
      }
    }
    assertThat(executions).containsExactly(planId + "-met", planId + "-late", planId + "-rec");
    assertThat(page)
        .contains("<td class=\"rto met\">9 min 00 s / 30 min: met</td>")
        .contains("<td class=\"rto not-met\">12 min 10 s / 10 min: NOT met</td>")
        .contains("<td class=\"problems\">WARN: 2 problems</td>")
        .contains("<p id=\"summary\">2 drills, 1 recovery; RTO met 1 of 2 with a target</p>");
  }

  @Test
  void givenASpanThatIsNotOne_whenReported_thenUsageErrorNamingTheOption() {
    Captured reported = report("report", "--plan", "p", "--since", "1w");

    assertThat(reported.code()).isEqualTo(2);
    assertThat(reported.err()).contains("--since").contains("e.g. 90d, 12h, 30m or ISO-8601 P90D");
  }

  /** Parses the page as XML: only a well-formed page (closed tags, escaped text) gets through. */
  private static Document xml(String page) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", false);
    factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
    return factory
        .newDocumentBuilder()
        .parse(new InputSource(new StringReader(page.replace("<!DOCTYPE html>", ""))));
  }
}
