package io.drsorch.drctl.audit;

import static io.drsorch.drctl.audit.CriticalPathTest.approvedWave;
import static io.drsorch.drctl.audit.CriticalPathTest.wave;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class HtmlReportTest {

  private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

  private static Report diamond(String planName) {
    List<WaveSpan> waves =
        CriticalPath.dependencyOrder(
            List.of(
                wave("web", 40, 50, "app1", "app2"),
                wave("app1", 10, 20, "db"),
                wave("app2", 10, 40, "db"),
                wave("db", 0, 10)));
    return report(planName, null, waves, List.of(), T0.plusSeconds(50));
  }

  /**
   * A retry (of e-0) of the diamond where app1 waited 5 minutes for alice's approval, bob paused
   * and resumed, carol's late approval of app1 changed nothing, app2 completed without its optional
   * server s-7, and dns was carried over from e-0, marked done by alice.
   */
  static Report withOperatorControl() {
    WaveSpan app2 = wave("app2", 10, 40, "db");
    WaveSpan dns = wave("dns", 0, 0);
    List<WaveSpan> waves =
        CriticalPath.dependencyOrder(
            List.of(
                wave("web", 341, 351, "app1", "app2"),
                approvedWave("app1", 10, 310, 311, 341, "db"),
                withFailedOptional(app2, "s-7"),
                wave("db", 0, 10),
                carriedOver(dns, "e-0", "alice")));
    List<OperatorAction> actions =
        List.of(
            action(
                20,
                "PauseExecution",
                "pause",
                null,
                "bob",
                "network change",
                "execution RUNNING -> PAUSED"),
            action(
                25, "ResumeExecution", "resume", null, "bob", null, "execution PAUSED -> RUNNING"),
            action(
                310,
                "ApproveWave",
                "approval",
                "app1",
                "alice",
                "database checked",
                "wave app1 WAITING_APPROVAL -> PENDING -> LAUNCHING"),
            action(312, "ApproveWave", "approval", "app1", "carol", null));
    return report("Diamond", "e-0", waves, actions, T0.plusSeconds(351));
  }

  @Test
  void givenDiamond_whenRendered_thenOneBarPerWaveInDependencyOrderAndThePathHighlighted() {
    String html = HtmlReport.render(diamond("Diamond"));

    List<String> bars = new ArrayList<>();
    List<String> critical = new ArrayList<>();
    Matcher m =
        Pattern.compile("<rect class=\"bar wave ([^\"]*)\" data-wave=\"([^\"]+)\"").matcher(html);
    while (m.find()) {
      bars.add(m.group(2));
      if (m.group(1).contains("critical")) {
        critical.add(m.group(2));
      }
    }
    assertThat(bars).containsExactly("db", "app1", "app2", "web");
    assertThat(critical).containsExactly("db", "app2", "web");
    assertThat(html).contains("db \u2192 app2 \u2192 web").contains("class=\"bar job\"");
    assertThat(html)
        .contains("<p id=\"no-actions\">")
        .doesNotContain("class=\"bar wait\"")
        .doesNotContain("id=\"approval-time\"")
        .doesNotContain("id=\"wave-actions\"")
        .doesNotContain("class=\"bar action");
  }

  @Test
  void givenAnApproval_whenRendered_thenTheWaitIsDrawnApartAndNamedAndNotCountedAsRunTime() {
    // when
    String html = HtmlReport.render(withOperatorControl());

    // then: the wait is its own bar, from 10 s to 310 s, before the wave's own bar
    Matcher wait =
        Pattern.compile("<rect class=\"bar wait\" data-wave=\"app1\" x=\"([0-9.]+)\"")
            .matcher(html);
    Matcher bar =
        Pattern.compile("<rect class=\"bar wave [^\"]*\" data-wave=\"app1\" x=\"([0-9.]+)\"")
            .matcher(html);
    assertThat(wait.find()).isTrue();
    assertThat(bar.find()).isTrue();
    assertThat(Double.parseDouble(wait.group(1))).isLessThan(Double.parseDouble(bar.group(1)));
    assertThat(html)
        .contains(
            "approved by alice at 2026-01-01T10:05:10Z after waiting 5 min 00 s: &quot;database"
                + " checked&quot;")
        .contains("30 s DRS run time")
        .contains("db \u2192 app1 \u2192 web")
        .contains(
            "DRS run time 50 s, waiting for approval 5 min 00 s, other waiting 1 s (hand-offs,"
                + " pauses, DRS job capacity)")
        .contains(
            "<p class=\"note\" id=\"approval-time\">A wave&#39;s time waiting for approval"
                + " is not counted as its DRS run time");
  }

  @Test
  void givenOperatorActions_whenRendered_thenEachWithWhoWhatTheySaidAndWhatItChanged() {
    String html = HtmlReport.render(withOperatorControl());

    List<String> rows = new ArrayList<>();
    Matcher m = Pattern.compile("<tr data-action=\"(\\w+)\"[^>]*>(.*?)</tr>").matcher(html);
    while (m.find()) {
      rows.add(m.group(1) + ": " + m.group(2).replaceAll("<[^>]+>", "|"));
    }
    assertThat(rows).hasSize(4);
    assertThat(rows.get(0))
        .startsWith("PauseExecution: ")
        .contains("|pause|", "|bob|", "|network change|", "|execution RUNNING -&gt; PAUSED|");
    assertThat(rows.get(1)).contains("|resume|", "|execution PAUSED -&gt; RUNNING|");
    assertThat(rows.get(2))
        .contains("|approval|", "|app1|", "|alice|", "|database checked|")
        .contains("wave app1 WAITING_APPROVAL -&gt; PENDING -&gt; LAUNCHING");
    assertThat(rows.get(3)).contains("|carol|", "|no status transition recorded for it|");
  }

  @Test
  void givenARetryWithAnOverrideAndAnOptionalServer_whenRendered_thenEachIsSaid() {
    String html = HtmlReport.render(withOperatorControl());

    assertThat(html)
        .contains("<dt>Retry of</dt><dd>execution e-0</dd>")
        .contains(
            "carried over from execution e-0, not relaunched; marked done by alice (override)")
        .contains(
            "<li data-wave=\"app2\" class=\"optional\">s-7 FAILED (optional: its wave may complete"
                + " without it) (wave app2)</li>")
        .contains("optional servers not launched: s-7 (the wave completed without them)");
  }

  @Test
  void givenHostileNames_whenRendered_thenEscapedAndNothingIsFetched() {
    String html = HtmlReport.render(diamond("<script>alert(1)</script>"));

    assertThat(html).doesNotContain("<script>alert").contains("&lt;script&gt;alert(1)");
    assertThat(html).doesNotContainPattern("(src|href)=\"?(https?:)?//");
  }

  private static Report report(
      String planName,
      String retryOf,
      List<WaveSpan> waves,
      List<OperatorAction> actions,
      Instant endedAt) {
    return new Report(
        "e-1",
        "diamond",
        3,
        planName,
        "DRILL",
        "alice",
        "COMPLETED",
        null,
        T0,
        endedAt,
        retryOf,
        null,
        null,
        waves,
        List.of(new Report.JobSpan("drsjob-db", "db", 1, T0.plusSeconds(1), T0.plusSeconds(9))),
        actions,
        CriticalPath.of(waves),
        RecoveryEvidence.NONE);
  }

  private static OperatorAction action(
      int at,
      String type,
      String action,
      String waveId,
      String by,
      String said,
      String... effects) {
    return new OperatorAction(
        T0.plusSeconds(at),
        type,
        action,
        waveId,
        by,
        said,
        "c-" + at,
        null,
        "drs.execution-commands/0@" + at,
        List.of(effects));
  }

  private static WaveSpan withFailedOptional(WaveSpan w, String serverId) {
    return new WaveSpan(
        w.waveId(),
        w.name(),
        w.dependsOn(),
        w.status(),
        w.startedAt(),
        w.endedAt(),
        w.jobIds(),
        w.servers(),
        w.launched() - 1,
        List.of(new WaveSpan.FailedServer(serverId, "FAILED", true)),
        "completed without optional servers: " + serverId + " FAILED",
        null,
        null,
        w.actions());
  }

  /** A wave done in {@code from} and never launched here: no start, ended at the start. */
  private static WaveSpan carriedOver(WaveSpan w, String from, String overrideBy) {
    return new WaveSpan(
        w.waveId(),
        w.name(),
        w.dependsOn(),
        "COMPLETED",
        null,
        T0,
        w.jobIds(),
        w.servers(),
        0,
        List.of(),
        "marked done by "
            + overrideBy
            + " without relaunching (it failed in execution "
            + from
            + ")",
        null,
        new WaveSpan.CarryOver(from, overrideBy),
        w.actions());
  }
}
