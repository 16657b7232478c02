package io.drsorch.deploy.drctl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.drsorch.deploy.e2e.LocalStack;
import io.drsorch.deploy.support.Drills;
import io.drsorch.deploy.support.HeadlessChromium;
import io.drsorch.drctl.cli.Captured;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * drctl driven against the whole local stack, as a DR engineer uses it: plan files applied and
 * checked (offline and by the service, in the same words), drills run and followed live, status,
 * cancel, a request produced straight to Kafka and run by the scheduler, and the audit: timeline,
 * replay verification (passing, and failing on a history with a record removed) and the HTML report
 * in a real browser.
 */
class DrctlTest {

  /** Shared with the end-to-end tests that run next (same settings): one stack start for both. */
  @RegisterExtension static final LocalStack STACK = LocalStack.shared("e2e-stack", Map.of());

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path WORK = Path.of("target", "drctl").toAbsolutePath();

  private static Drills drills;
  private static String url;
  private static String diamondExecution;

  @BeforeAll
  static void connect() throws Exception {
    drills = new Drills(STACK);
    url = STACK.planServiceUrl();
    drills.simulator().configure(0.5, 1.0, 0);
    Files.createDirectories(WORK);
  }

  @Test
  void givenGroupAndPlanFiles_whenAppliedAndRunWithFollow_thenLiveViewAndSummaryAndExitZero()
      throws Exception {
    // given: a protection group for the database tier, a plan naming it
    Map<String, List<String>> servers = drills.servers(2, "db", "app", "web");
    String id = fresh("tier");
    Path group =
        write(
            id + "-group.yaml",
            "groupId: "
                + id
                + "-db\nname: Databases\nregion: us-east-1\nsourceServerIds: "
                + servers.get("db")
                + "\n");
    Path plan =
        write(
            id + ".yaml",
            "planId: "
                + id
                + "\nname: Three tier\nwaves:\n"
                + "  - {id: db, region: us-east-1, protectionGroupId: "
                + id
                + "-db}\n"
                + "  - {id: app, region: us-east-1, sourceServerIds: "
                + servers.get("app")
                + ", dependsOn: [db]}\n"
                + "  - {id: web, region: us-east-1, sourceServerIds: "
                + servers.get("web")
                + ", dependsOn: [app]}\n");

    // when
    Captured groupApplied = drctl("group", "apply", "-f", group.toString());
    Captured offline = drctl("plan", "validate", "-f", plan.toString(), "-g", group.toString());
    Captured applied = drctl("plan", "apply", "-f", plan.toString());
    Captured listed = drctl("plan", "list");
    Captured shown = drctl("plan", "show", id, "-o", "json");
    Captured run =
        drctl("run", id, "--drill", "--follow", "--timeout", "PT2M", "--interval", "PT0.2S");

    // then
    assertThat(groupApplied.code()).as(groupApplied.err()).isZero();
    assertThat(offline.code()).as(offline.err()).isZero();
    assertThat(applied.code()).as(applied.err()).isZero();
    assertThat(applied.out()).contains("plan " + id + " stored, version 1");
    assertThat(listed.out()).contains(id);
    assertThat(JSON.readTree(shown.out()).path("waves")).hasSize(3);
    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("DRILL of plan " + id + " requested: execution ")
        .contains("waiting for db")
        .contains("waiting for app")
        .contains("[####################]   2/2")
        .contains("drsjob-")
        .containsPattern("(?m)^web +COMPLETED")
        .contains(" COMPLETED in ");
    String executionId = executionIdIn(run.out());
    Captured status = drctl("status", executionId);
    Captured executions = drctl("executions", "--plan", id);
    assertThat(status.out()).contains("COMPLETED").contains("db").contains("web");
    assertThat(executions.out()).contains(executionId).contains("DRILL");
    assertThat(drctl("group", "list").out()).contains(id + "-db").contains("Databases");
    assertThat(drctl("group", "show", id + "-db").out()).contains(servers.get("db").get(0));
    // A group a plan names stays; the plan goes, then the group can.
    assertThat(drctl("group", "delete", id + "-db").code()).isEqualTo(1);
    assertThat(drctl("plan", "delete", id).out()).contains("plan " + id + " deleted");
    assertThat(drctl("plan", "show", id).err()).contains("(404)");
    assertThat(drctl("group", "delete", id + "-db").code()).isZero();
  }

  @Test
  void givenBadPlans_whenValidatedOfflineAndApplied_thenTheSameFieldPathsAndMessages()
      throws Exception {
    String a = "s-aaaaaaaaaaaaaaaaa";
    String b = "s-bbbbbbbbbbbbbbbbb";
    Map<String, String> bad = new LinkedHashMap<>();
    bad.put("cycle", waves(wave("db", a, "app"), wave("app", b, "db")));
    bad.put("unknown", waves(wave("db", a, "nope")));
    bad.put("self", waves(wave("db", a, "db")));
    bad.put("duplicate", waves(wave("db", a), wave("app", a, "db")));
    bad.put("empty", waves("{\"id\": \"db\", \"region\": \"us-east-1\", \"sourceServerIds\": []}"));
    bad.put("malformed", waves(wave("db", "i-0123456789")));
    Map<String, String> expectedPath =
        Map.of(
            "cycle", "db -> app -> db",
            "unknown", "waves[0].dependsOn[0]",
            "self", "waves[0].dependsOn[0]",
            "duplicate", "waves[1].sourceServerIds[0]",
            "empty", "waves[0].sourceServerIds",
            "malformed", "waves[0].sourceServerIds[0]");
    for (Map.Entry<String, String> plan : bad.entrySet()) {
      String id = fresh(plan.getKey());
      Path file =
          write(
              id + ".json",
              "{\"planId\": \"" + id + "\", \"name\": \"bad\", " + plan.getValue() + "}");

      Captured offline = drctl("plan", "validate", "-f", file.toString());
      Captured online = drctl("plan", "apply", "-f", file.toString());

      assertThat(offline.code()).as(plan.getKey()).isEqualTo(1);
      assertThat(online.code()).as(plan.getKey()).isEqualTo(1);
      List<String> offlineErrors = errorLines(offline.err(), file.toString() + ": ");
      List<String> onlineErrors = errorLines(online.err(), "  ");
      assertThat(offlineErrors).as(plan.getKey()).isNotEmpty().isEqualTo(onlineErrors);
      assertThat(String.join("\n", offlineErrors))
          .as(plan.getKey())
          .contains(expectedPath.get(plan.getKey()));
      assertThat(online.err()).doesNotContain("Exception").doesNotContain("\tat ");
    }
  }

  @Test
  void givenAServerThatFailsToLaunch_whenFollowed_thenTheSummaryNamesItAndTheExitCodeIsFailed()
      throws Exception {
    // given
    Map<String, List<String>> servers = drills.servers(1, "db", "app", "web");
    String id = drills.plan(servers, Map.of("app", List.of("db"), "web", List.of("app")));
    String failing = servers.get("app").get(0);
    drills.simulator().failNextLaunch(failing);

    // when
    Captured run = drctl("run", id, "--drill", "--follow", "--timeout", "PT2M");

    // then
    assertThat(run.code()).as(run.err()).isEqualTo(3);
    assertThat(run.out())
        .containsPattern("(?m)^app +FAILED")
        .contains("server " + failing + " FAILED")
        .containsPattern("(?m)^web +SKIPPED")
        .contains("skipped: depends on wave app, which failed")
        .contains(" FAILED in ");
  }

  @Test
  void givenRunningDrill_whenCancelled_thenFollowingEndsCancelledWithItsExitCode()
      throws Exception {
    // given: slow jobs, so that the second wave is still waiting when the cancel arrives
    drills.simulator().configure(2.0, 2.0, 0);
    try {
      Map<String, List<String>> servers = drills.servers(1, "first", "second");
      String id = drills.plan(servers, Map.of("second", List.of("first")));
      Captured run = drctl("run", id, "--drill", "-o", "json");
      String executionId = JSON.readTree(run.out()).path("executionId").asText();
      await().atMost(Duration.ofSeconds(30)).until(() -> drctl("status", executionId).code() == 0);

      // when
      Captured cancel = drctl("cancel", executionId, "--reason", "drill window closed");
      Captured followed = drctl("status", executionId, "--follow", "--timeout", "PT1M");

      // then
      assertThat(cancel.code()).as(cancel.err()).isZero();
      assertThat(followed.code()).isEqualTo(5);
      assertThat(followed.out()).contains("CANCELLED").contains("drill window closed");
    } finally {
      drills.simulator().configure(0.5, 1.0, 0);
    }
  }

  @Test
  void givenARecovery_whenNotConfirmed_thenNothingStarts_andWhenTypedBack_thenItRuns()
      throws Exception {
    Map<String, List<String>> servers = drills.servers(1, "only");
    String id = drills.plan(servers, Map.of());

    Captured noInput = drctl("run", id, "--recovery");
    Captured wrong = Captured.withInput("not-the-plan\n", args("run", id, "--recovery"));
    Captured confirmed =
        Captured.withInput(
            id + "\n", args("run", id, "--recovery", "--follow", "--timeout", "PT1M"));

    assertThat(noInput.code()).isEqualTo(1);
    assertThat(noInput.err()).contains("needs confirmation");
    assertThat(wrong.code()).isEqualTo(1);
    assertThat(wrong.err()).contains("nothing was started");
    assertThat(confirmed.code()).as(confirmed.err()).isZero();
    assertThat(confirmed.out()).contains("real recovery instances").contains("RECOVERY ");
    assertThat(JSON.readTree(drctl("executions", "--plan", id, "-o", "json").out())).hasSize(1);
  }

  @Test
  void givenAPlanFile_whenRequestedStraightToKafka_thenTheSchedulerRunsItLikeAnyOther()
      throws Exception {
    // given
    Map<String, List<String>> servers = drills.servers(1, "db", "app");
    String id = fresh("kafka");
    Path plan =
        write(
            id + ".yaml",
            "planId: "
                + id
                + "\nname: Through Kafka\nwaves:\n"
                + "  - {id: db, region: us-east-1, sourceServerIds: "
                + servers.get("db")
                + "}\n"
                + "  - {id: app, region: us-east-1, sourceServerIds: "
                + servers.get("app")
                + ", dependsOn: [db]}\n");

    // when
    Captured requested =
        drctl(
            "request",
            "--plan-file",
            plan.toString(),
            "--mode",
            "DRILL",
            "--bootstrap-server",
            STACK.bootstrapServers(),
            "--schema-registry",
            STACK.registryUrl(),
            "--requested-by",
            "pipeline-42",
            "-o",
            "json");

    // then
    assertThat(requested.code()).as(requested.err()).isZero();
    JsonNode answer = JSON.readTree(requested.out());
    assertThat(answer.path("topic").asText()).isEqualTo("drs.execution-requests");
    String executionId = answer.path("executionId").asText();
    Captured followed = drctl("status", executionId, "--follow", "--timeout", "PT2M");
    assertThat(followed.code()).as(followed.out() + followed.err()).isZero();
    JsonNode view = JSON.readTree(drctl("status", executionId, "-o", "json").out());
    assertThat(view.path("requestedBy").asText()).isEqualTo("pipeline-42");
    assertThat(view.path("planId").asText()).isEqualTo(id);
  }

  @Test
  void givenCompletedDiamond_whenAudited_thenFullTimelineAndTheReplayReachesTheRecordedHistory()
      throws Exception {
    // given
    String executionId = diamond();

    // when
    Captured audit = audit(executionId, "--verify");

    // then
    assertThat(audit.code()).as(audit.out() + audit.err()).isZero();
    assertThat(audit.out())
        .contains("REQUEST", "requested by", "ADMITTED", "LaunchWave", "StartRecovery of 2 servers")
        .contains("WaveLaunched", "JobStatusChanged", "LAUNCHED i-", "WaveCompleted")
        .contains("wave web PENDING -> LAUNCHING", "execution RUNNING -> COMPLETED")
        .contains("caused by ")
        .containsPattern(
            "verified: replaying \\d+ recorded inputs .* exactly the \\d+ recorded transitions");
  }

  @Test
  void givenACopyOfTheHistoryWithARecordRemoved_whenVerified_thenItFailsNamingTheGap()
      throws Exception {
    // given
    String executionId = diamond();
    String copy = "audit-copy-" + UUID.randomUUID();
    int copied = copyHistoryWithout(executionId, copy, 3);

    // when
    Captured intact = audit(executionId, "--verify", "--quiet");
    Captured tampered = audit(executionId, "--verify", "--quiet", "--history-topic", copy);

    // then
    assertThat(copied).isGreaterThan(5);
    assertThat(intact.code()).isZero();
    assertThat(tampered.code()).isEqualTo(7);
    assertThat(tampered.out()).contains("NOT verified").contains("transition #4 differs");
  }

  @Test
  void
      givenCompletedDiamond_whenReportedInHtml_thenABrowserShowsOneBarPerWaveInOrderAndTheCriticalPath()
          throws Exception {
    // given
    String executionId = diamond();
    Path report = WORK.resolve("report-" + executionId + ".html");
    Captured written = audit(executionId, "--html", report.toString(), "--quiet");
    assertThat(written.code()).as(written.err()).isZero();
    String html = Files.readString(report, StandardCharsets.UTF_8);
    assertThat(html).doesNotContainPattern("(src|href)=\"?(https?:)?//");
    HeadlessChromium browser = HeadlessChromium.find(WORK).orElse(null);
    Assumptions.assumeTrue(
        browser != null, "chromium is not installed: the browser check is skipped");

    // when
    HeadlessChromium.Rendered page = browser.render(report);
    browser.screenshot(report, WORK.resolve("report.png"), 1100, 1100);

    // then
    assertThat(page.console()).as("console messages").isEmpty();
    List<String> bars = new ArrayList<>();
    List<String> critical = new ArrayList<>();
    Matcher m =
        Pattern.compile("<rect class=\"bar wave ([^\"]*)\" data-wave=\"([^\"]+)\"")
            .matcher(page.dom());
    while (m.find()) {
      bars.add(m.group(2));
      if (m.group(1).contains("critical")) {
        critical.add(m.group(2));
      }
    }
    assertThat(bars).hasSize(4);
    assertThat(bars.get(0)).isEqualTo("db");
    assertThat(bars.subList(1, 3)).containsExactlyInAnyOrder("app1", "app2");
    assertThat(bars.get(3)).isEqualTo("web");
    assertThat(critical).hasSize(3).startsWith("db").endsWith("web");
    assertThat(page.dom()).contains("id=\"dag\"").contains("class=\"edge critical\"");
  }

  @Test
  void givenTheStack_whenTheDemoRuns_thenItDrillsThreeTiersThroughDrctl() throws Exception {
    String output = STACK.run("demo");

    assertThat(output)
        .contains("$ drctl plan apply -f ")
        .contains("$ drctl run demo-three-tier --drill --follow")
        .contains("waiting for app")
        .containsPattern("(?m)^web +COMPLETED")
        .contains(" COMPLETED in ");
  }

  @Test
  void givenTheBuiltRepository_whenDrctlRunsAsACommand_thenItAnswersLikeInProcess()
      throws Exception {
    // given: the launcher script a user types, next to the jar the build made
    Path script =
        Path.of(System.getProperty("stack.script", "local/stack"))
            .toAbsolutePath()
            .getParent()
            .getParent()
            .getParent()
            .resolve("drctl")
            .resolve("drctl");
    Map<String, List<String>> servers = drills.servers(1, "solo");
    String id = drills.plan(servers, Map.of());

    // when: DRCTL_URL names a port where nothing listens, then --url the stack's plan-service
    ProcessBuilder unreachable =
        new ProcessBuilder(script.toString(), "plan", "show", id, "-o", "json")
            .redirectErrorStream(true);
    unreachable.environment().put("DRCTL_URL", "http://127.0.0.1:1");
    Process process = unreachable.start();
    process.getOutputStream().close();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    boolean ended = process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS);

    // then
    assertThat(ended).isTrue();
    assertThat(process.exitValue()).as(output).isEqualTo(1);
    assertThat(output.strip())
        .isEqualTo(
            "drctl: cannot reach the plan-service at http://127.0.0.1:1 (connection refused); set"
                + " --url");
    Process pointed =
        new ProcessBuilder(script.toString(), "plan", "show", id, "-o", "json", "--url", url)
            .redirectErrorStream(true)
            .start();
    pointed.getOutputStream().close();
    String shown = new String(pointed.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(pointed.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    assertThat(pointed.exitValue()).as(shown).isZero();
    assertThat(JSON.readTree(shown).path("planId").asText()).isEqualTo(id);
  }

  /** One diamond drill (db -> app1, app2 -> web), run once for the audit tests. */
  private static synchronized String diamond() throws Exception {
    if (diamondExecution == null) {
      Map<String, List<String>> servers = drills.servers(2, "db", "app1", "app2", "web");
      String id =
          drills.plan(
              servers,
              Map.of("app1", List.of("db"), "app2", List.of("db"), "web", List.of("app1", "app2")));
      Captured run = drctl("run", id, "--drill", "--follow", "--timeout", "PT2M");
      assertThat(run.code()).as(run.out() + run.err()).isZero();
      diamondExecution = executionIdIn(run.out());
    }
    return diamondExecution;
  }

  private static Captured audit(String executionId, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "audit",
                executionId,
                "--bootstrap-server",
                STACK.bootstrapServers(),
                "--schema-registry",
                STACK.registryUrl()));
    args.addAll(Arrays.asList(more));
    return Captured.run(args.toArray(String[]::new));
  }

  /** Copies the execution's history records, byte for byte, to {@code target}, all but one. */
  private static int copyHistoryWithout(String executionId, String target, int skip) {
    Properties c = new Properties();
    c.put("bootstrap.servers", STACK.bootstrapServers());
    c.put("isolation.level", "read_committed");
    List<ConsumerRecord<String, byte[]>> ours = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor("drs.execution-history").stream()
              .map(p -> new TopicPartition(p.topic(), p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
      while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          if (executionId.equals(r.key())) {
            ours.add(r);
          }
        }
      }
    }
    Properties p = new Properties();
    p.put("bootstrap.servers", STACK.bootstrapServers());
    try (Admin admin = Admin.create(p)) {
      admin.createTopics(List.of(new NewTopic(target, 1, (short) 1))).all().get();
    } catch (Exception e) {
      throw new IllegalStateException("cannot create " + target, e);
    }
    p.put("acks", "all");
    int copied = 0;
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
      for (int i = 0; i < ours.size(); i++) {
        if (i != skip) {
          producer.send(new ProducerRecord<>(target, ours.get(i).key(), ours.get(i).value()));
          copied++;
        }
      }
      producer.flush();
    }
    return copied;
  }

  private static List<String> errorLines(String err, String prefix) {
    List<String> lines = new ArrayList<>();
    for (String line : err.split("\n")) {
      String l = line.startsWith("drctl: ") ? line.substring("drctl: ".length()) : line;
      int at = l.indexOf(prefix);
      if (l.startsWith("cannot store plan") && l.contains("(400): ") && !l.endsWith(" errors")) {
        lines.add(l.substring(l.indexOf("(400): ") + 7));
      } else if (at == 0 && !l.startsWith("cannot store")) {
        lines.add(l.substring(prefix.length()));
      }
    }
    return lines;
  }

  private static String wave(String id, String server, String... deps) {
    return "{\"id\": \""
        + id
        + "\", \"region\": \"us-east-1\", \"sourceServerIds\": [\""
        + server
        + "\"], \"dependsOn\": ["
        + String.join(", ", Arrays.stream(deps).map(d -> "\"" + d + "\"").toList())
        + "]}";
  }

  private static String waves(String... waves) {
    return "\"waves\": [" + String.join(", ", waves) + "]";
  }

  private static String executionIdIn(String out) {
    Matcher m = Pattern.compile("requested: execution ([0-9a-f-]{36})").matcher(out);
    assertThat(m.find()).as(out).isTrue();
    return m.group(1);
  }

  private static Captured drctl(String... args) {
    return Captured.run(args(args));
  }

  /** The stack's plan-service, unless the command names one. */
  private static String[] args(String... args) {
    List<String> all = new ArrayList<>(Arrays.asList(args));
    if (!all.contains("request") && !all.contains("audit")) {
      all.add("--url");
      all.add(url);
    }
    return all.toArray(String[]::new);
  }

  private static Path write(String name, String content) throws Exception {
    return Files.writeString(WORK.resolve(name), content, StandardCharsets.UTF_8);
  }

  private static String fresh(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }
}
