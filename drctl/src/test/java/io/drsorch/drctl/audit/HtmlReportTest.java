package io.drsorch.drctl.audit;

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
        T0.plusSeconds(50),
        waves,
        List.of(new Report.JobSpan("drsjob-db", "db", 1, T0.plusSeconds(1), T0.plusSeconds(9))),
        CriticalPath.of(waves));
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
  }

  @Test
  void givenHostileNames_whenRendered_thenEscapedAndNothingIsFetched() {
    String html = HtmlReport.render(diamond("<script>alert(1)</script>"));

    assertThat(html).doesNotContain("<script>alert").contains("&lt;script&gt;alert(1)");
    assertThat(html).doesNotContainPattern("(src|href)=\"?(https?:)?//");
  }
}
