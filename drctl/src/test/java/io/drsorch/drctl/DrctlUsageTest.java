package io.drsorch.drctl;

import static org.assertj.core.api.Assertions.assertThat;

import io.drsorch.drctl.cli.Captured;
import org.junit.jupiter.api.Test;

/** The command list and exit codes {@code drctl --help} shows: where a new verb is found. */
class DrctlUsageTest {

  @Test
  void givenHelp_thenCleanupAndReportAreListedWithTheCleanupsExitCode() {
    Captured help = Captured.run("--help");

    assertThat(help.code()).isZero();
    assertThat(help.out())
        .containsPattern("(?m)^  cleanup +Terminate the recovery instances an ended drill")
        .containsPattern("(?m)^  report +A plan's drills and recoveries over a period")
        .contains("a drill cleanup waited for (cleanup --wait): 0 COMPLETED, 3 FAILED;");
  }

  @Test
  void givenRunHelp_thenThePreflightAndPointInTimeOptionsAreDescribed() {
    Captured help = Captured.run("run", "--help");

    assertThat(help.out()).contains("--preflight=MODE").contains("--point-in-time=T");
  }
}
