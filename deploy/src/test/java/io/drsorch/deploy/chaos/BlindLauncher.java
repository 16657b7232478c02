package io.drsorch.deploy.chaos;

import com.sun.net.httpserver.HttpServer;
import io.drsorch.drsclient.AwsAccess;
import io.drsorch.drsclient.DrsClients;
import io.drsorch.drsclient.SsmClients;
import io.drsorch.launcher.LauncherConfig;
import io.drsorch.launcher.LauncherService;
import io.drsorch.launcher.action.ActionSettings;
import io.drsorch.launcher.action.ActionStarter;
import io.drsorch.launcher.launch.WaveLauncher;
import io.drsorch.launcher.terminate.InstanceTerminator;
import io.drsorch.launcher.terminate.TerminationSettings;
import io.drsorch.schemas.runtime.KafkaClientSettings;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.TreeMap;

/**
 * The drs-launcher's loop with its dedupe made blind: it never finds the jobs a wave already has,
 * so a command read again after a crash, or retried after a lost answer, launches its servers
 * again. The chaos test runs it in place of the real launcher when asked ({@code
 * -Dchaos.defect=blind-launcher}) to show that its duplicate checks catch what it claims to.
 *
 * <p>Assembled here, in test code, from the launcher's own classes and the stack's environment,
 * with the readiness endpoint the stack waits on; nothing in the service can switch its dedupe off.
 */
public final class BlindLauncher {

  private BlindLauncher() {}

  public static void main(String[] args) throws Exception {
    if (System.getProperty("org.apache.avro.SERIALIZABLE_PACKAGES") == null) {
      System.setProperty("org.apache.avro.SERIALIZABLE_PACKAGES", "io.drsorch");
    }
    AwsAccess access = new AwsAccess(URI.create(System.getenv("STS_ENDPOINT")), "drs-launcher");
    DrsClients clients = new DrsClients(URI.create(System.getenv("DRS_ENDPOINT")), access);
    SsmClients ssm = new SsmClients(URI.create(System.getenv("SSM_ENDPOINT")), access);
    LauncherConfig config =
        new LauncherConfig(
            KafkaClientSettings.of(System.getenv("KAFKA_BOOTSTRAP_SERVERS")),
            System.getenv("SCHEMA_REGISTRY_URL"),
            "drs-launcher",
            "drs-launcher-1",
            100,
            8);
    WaveLauncher blind = new WaveLauncher(clients, 100, (drs, command) -> new TreeMap<>());
    // Terminations as the real launcher does them (defaults of its application.properties).
    InstanceTerminator terminator =
        new InstanceTerminator(
            clients,
            new TerminationSettings(
                TerminationSettings.DRS_MAX_INSTANCES_PER_CALL,
                5,
                Duration.ofSeconds(1),
                Duration.ofSeconds(20),
                Duration.ofMinutes(2)));
    // Wave actions as the real launcher starts them (defaults of its application.properties).
    ActionStarter actions =
        new ActionStarter(
            ssm,
            new ActionSettings(5, Duration.ofSeconds(1), Duration.ofSeconds(20)),
            Clock.systemUTC());
    LauncherService service =
        new LauncherService(config, blind, terminator, actions, Clock.systemUTC()).start();
    HttpServer health =
        HttpServer.create(
            new InetSocketAddress("127.0.0.1", Integer.getInteger("http.port", 8083)), 0);
    health.createContext(
        "/q/health/ready",
        exchange -> {
          int status = service.isReady() ? 200 : 503;
          exchange.sendResponseHeaders(status, -1);
          exchange.close();
        });
    health.start();
    service.awaitStopped();
    System.exit(1);
  }
}
