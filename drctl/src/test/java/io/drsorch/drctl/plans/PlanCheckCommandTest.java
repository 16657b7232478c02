package io.drsorch.drctl.plans;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.drsorch.drctl.cli.Captured;
import io.drsorch.drctl.cli.ExitCodes;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code drctl plan check} against the readiness endpoint's contract, over HTTP: what it asks (mode
 * and point in time as query parameters), the table it prints and its exit code.
 */
class PlanCheckCommandTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static final String NOT_READY =
      """
      {"ready": false, "mode": "DRILL", "checkedAt": "2026-11-22T10:00:00Z", "pointInTime": null,
       "servers": [
        {"sourceServerId": "s-00000000000000001", "waveId": "db", "region": "us-east-1",
         "ready": true, "replicationState": "CONTINUOUS", "lag": "PT0S",
         "lastSnapshotAt": "2026-11-22T09:50:00Z", "problems": []},
        {"sourceServerId": "s-00000000000000002", "waveId": "app", "region": "us-east-1",
         "ready": false, "replicationState": "STALLED", "lag": "PT20M",
         "lastSnapshotAt": null,
         "problems": ["replication is STALLED (a DRILL needs CONTINUOUS)",
                      "in active job drsjob-00000000000000001 (LAUNCH, STARTED)"]}]}
      """;

  private static final String READY =
      """
      {"ready": true, "mode": "RECOVERY", "checkedAt": "2026-11-22T10:00:00Z",
       "pointInTime": "2026-11-22T08:00:00Z",
       "servers": [
        {"sourceServerId": "s-00000000000000001", "waveId": "db", "region": "us-east-1",
         "ready": true, "replicationState": "DISCONNECTED", "lag": null,
         "lastSnapshotAt": "2026-11-22T07:50:00Z", "problems": []}]}
      """;

  private HttpServer server;
  private final List<String> asked = new CopyOnWriteArrayList<>();
  private volatile int status = 200;
  private volatile String answer = NOT_READY;

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          asked.add(
              exchange.getRequestMethod()
                  + " "
                  + exchange.getRequestURI().getRawPath()
                  + (exchange.getRequestURI().getRawQuery() == null
                      ? ""
                      : "?" + exchange.getRequestURI().getRawQuery()));
          byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(status, bytes.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
          }
        });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private Captured drctl(String... args) {
    String[] all = new String[args.length + 2];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--url";
    all[args.length + 1] = "http://127.0.0.1:" + server.getAddress().getPort();
    return Captured.run(all);
  }

  @Test
  void givenAServerThatIsNotReady_whenChecked_thenTheTableNamesItAndTheExitCodeSaysNotReady() {
    // when
    Captured checked = drctl("plan", "check", "three-tier");

    // then
    assertThat(checked.code()).as(checked.err()).isEqualTo(ExitCodes.NOT_READY);
    assertThat(asked).containsExactly("GET /plans/three-tier/readiness");
    assertThat(checked.out())
        .isEqualTo(
            """
            SERVER               WAVE  READY  REPLICATION  LAG    LAST SNAPSHOT         PROBLEMS
            s-00000000000000001  db    yes    CONTINUOUS   PT0S   2026-11-22T09:50:00Z  -
            s-00000000000000002  app   NO     STALLED      PT20M  -                     \
            replication is STALLED (a DRILL needs CONTINUOUS); in active job \
            drsjob-00000000000000001 (LAUNCH, STARTED)
            NOT ready: 1 of 2 servers (DRILL)
            """);
  }

  @Test
  void givenAReadyPlan_whenCheckedForARecoveryToAPointInTime_thenBothAreAskedAndItExitsZero() {
    // given
    answer = READY;

    // when
    Captured checked =
        drctl(
            "plan",
            "check",
            "three-tier",
            "--mode",
            "recovery",
            "--point-in-time",
            "2026-11-22T08:00:00Z");

    // then
    assertThat(checked.code()).as(checked.err()).isZero();
    assertThat(asked)
        .containsExactly(
            "GET /plans/three-tier/readiness?mode=RECOVERY&pointInTime=2026-11-22T08%3A00%3A00Z");
    assertThat(checked.out()).endsWith("ready (RECOVERY to 2026-11-22T08:00:00Z, 1 server)\n");
  }

  @Test
  void givenJsonOutput_whenChecked_thenTheAnswerAsIsAndStillTheExitCode() throws Exception {
    Captured checked = drctl("plan", "check", "three-tier", "-o", "json");

    assertThat(checked.code()).isEqualTo(ExitCodes.NOT_READY);
    assertThat(JSON.readTree(checked.out())).isEqualTo(JSON.readTree(NOT_READY));
  }

  @Test
  void givenDrsUnavailable_whenChecked_thenTheServicesMessageInOneLineAndAnError() {
    status = 503;
    answer = "{\"error\": \"cannot check readiness: DRS in us-east-1 did not answer\"}";

    Captured checked = drctl("plan", "check", "three-tier");

    assertThat(checked.code()).isEqualTo(ExitCodes.ERROR);
    assertThat(checked.err())
        .isEqualTo(
            "drctl: cannot check plan 'three-tier' (503): cannot check readiness: DRS in"
                + " us-east-1 did not answer\n");
  }

  @Test
  void givenAnUnknownMode_whenChecked_thenAUsageErrorBeforeAnyRequest() {
    Captured checked = drctl("plan", "check", "three-tier", "--mode", "TEST");

    assertThat(checked.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(checked.err()).contains("--mode");
    assertThat(asked).isEmpty();
  }

  @Test
  void givenTheHelp_thenItDocumentsTheExitCodes() {
    Captured help = drctl("plan", "check", "--help");
    Captured top = drctl("--help");

    assertThat(help.out()).contains("Exit code 0 when every server is ready, 8 when one is not");
    assertThat(top.out()).contains("8 plan check found a server not ready");
  }
}
