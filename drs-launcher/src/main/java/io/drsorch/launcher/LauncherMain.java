package io.drsorch.launcher;

import io.drsorch.drsclient.DrsClients;
import io.drsorch.launcher.launch.WaveLauncher;
import io.drsorch.schemas.registry.SchemaRegistryClient;
import io.drsorch.schemas.registry.SubjectProtection;
import io.drsorch.schemas.runtime.HealthServer;
import io.drsorch.schemas.runtime.TopicAdmin;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts the drs-launcher: topics, DRS clients, the consumer loop and the health endpoint. */
public final class LauncherMain {

  private static final Logger LOG = LoggerFactory.getLogger(LauncherMain.class);

  private LauncherMain() {}

  public static void main(String[] args) throws InterruptedException {
    run(
        (config, clients) ->
            new WaveLauncher(
                clients, config.maxServersPerCall(), config.dedupeWindow(), Clock.systemUTC()));
  }

  /**
   * Runs the launcher until it is stopped, launching with what {@code launchers} builds from the
   * settings and the DRS clients.
   */
  public static void run(BiFunction<LauncherConfig, DrsClients, WaveLauncher> launchers)
      throws InterruptedException {
    // Avro 1.12 only deserializes generated classes from trusted packages: ours, unless told.
    if (System.getProperty("org.apache.avro.SERIALIZABLE_PACKAGES") == null) {
      System.setProperty("org.apache.avro.SERIALIZABLE_PACKAGES", "io.drsorch");
    }
    LauncherConfig config = LauncherConfig.fromSettings();
    TopicAdmin.ensureTopics(config.bootstrapServers());
    SubjectProtection.protect(SchemaRegistryClient.shared(config.registryUrl()));
    DrsClients clients = DrsClients.fromSettings("drs-launcher");
    WaveLauncher launcher = launchers.apply(config, clients);
    LauncherService service = new LauncherService(config, launcher, Clock.systemUTC()).start();
    HealthServer health =
        HealthServer.start(config.httpHost(), config.httpPort(), service::isReady);
    LOG.info("drs-launcher started, health on port {}", health.port());
    AtomicBoolean shuttingDown = new AtomicBoolean();
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  shuttingDown.set(true);
                  service.close();
                  health.close();
                  clients.close();
                }));
    service.awaitStopped();
    if (!shuttingDown.get()) {
      // The service stopped by itself (fenced, or Kafka refused us): exit so a supervisor restarts
      // it, rather than linger with a health endpoint that says 503 forever.
      LOG.error("service stopped unexpectedly, exiting");
      System.exit(1);
    }
  }
}
