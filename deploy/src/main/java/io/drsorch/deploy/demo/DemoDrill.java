package io.drsorch.deploy.demo;

import io.drsorch.deploy.client.ServerIds;
import io.drsorch.deploy.client.SimulatorAdmin;
import io.drsorch.drctl.Drctl;
import io.drsorch.drctl.cli.Io;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The demo of {@code deploy/local/stack demo}: a three-tier plan (db, then app, then web; two
 * servers each) written to a plan file, stored and drilled with {@code drctl}, whose live view
 * shows it until it ends, with a per-wave summary. Fresh server ids each run (registered with the
 * DRS simulator), so runs never collide with earlier ones.
 *
 * <p>Arguments: plan-service URL, simulator URL, folder for the plan file. Exit code: drctl's (0
 * when the drill completed).
 */
public final class DemoDrill {

  static final String PLAN_ID = "demo-three-tier";
  private static final String REGION = "us-east-1";

  public static void main(String[] args) throws IOException {
    String planService = args.length > 0 ? args[0] : "http://127.0.0.1:8080";
    SimulatorAdmin simulator =
        new SimulatorAdmin(args.length > 1 ? args[1] : "http://127.0.0.1:8090");
    Path folder = Path.of(args.length > 2 ? args[2] : ".stack/demo");
    Io io = Io.ofProcess();

    List<String> servers = ServerIds.fresh(6);
    simulator.addSourceServers(REGION, servers);
    Files.createDirectories(folder);
    Path planFile = folder.resolve("three-tier.yaml");
    Files.writeString(planFile, planYaml(servers), StandardCharsets.UTF_8);

    int code = drctl(io, "plan", "apply", "-f", planFile.toString(), "--url", planService);
    if (code == 0) {
      code = drctl(io, "run", PLAN_ID, "--drill", "--follow", "--url", planService);
    }
    System.exit(code);
  }

  private static int drctl(Io io, String... args) {
    io.out().println("$ drctl " + String.join(" ", args));
    return Drctl.run(io, args);
  }

  /** The plan as a team would keep it in git. */
  static String planYaml(List<String> servers) {
    return "planId: "
        + PLAN_ID
        + "\nname: Three-tier application (demo)\nwaves:\n"
        + wave("db", "Database", servers.subList(0, 2), List.of())
        + wave("app", "Application", servers.subList(2, 4), List.of("db"))
        + wave("web", "Web tier", servers.subList(4, 6), List.of("app"));
  }

  private static String wave(String id, String name, List<String> servers, List<String> dependsOn) {
    return "  - id: "
        + id
        + "\n    name: "
        + name
        + "\n    region: "
        + REGION
        + "\n    sourceServerIds: ["
        + String.join(", ", servers)
        + "]\n    dependsOn: ["
        + String.join(", ", dependsOn)
        + "]\n";
  }

  private DemoDrill() {}
}
