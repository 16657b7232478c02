package io.drsorch.deploy.client;

import java.util.List;
import java.util.Map;

/** The DRS simulator's admin API ({@code /_sim/...}): servers, timings and faults. */
public final class SimulatorAdmin {

  private final String baseUrl;

  public SimulatorAdmin(String baseUrl) {
    this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
  }

  public void addSourceServers(String region, List<String> ids) {
    Json.send(
            "POST",
            baseUrl + "/_sim/source-servers",
            Map.of("sourceServerIDs", ids, "region", region))
        .expect(200, "add source servers to the simulator");
  }

  public void configure(double pendingSeconds, double startedSeconds, double jitterSeconds) {
    Json.send(
            "PUT",
            baseUrl + "/_sim/config",
            Map.of(
                "pendingSeconds", pendingSeconds,
                "startedSeconds", startedSeconds,
                "jitterSeconds", jitterSeconds))
        .expect(200, "configure the simulator");
  }

  public void failNextLaunch(String sourceServerId) {
    Json.send(
            "POST",
            baseUrl + "/_sim/faults",
            Map.of("sourceServerID", sourceServerId, "launchStatus", "FAILED"))
        .expect(200, "inject a launch fault");
  }
}
