package io.drsorch.launcher;

import io.drsorch.launcher.drs.DrsClients;
import io.drsorch.launcher.launch.WaveLauncher;
import io.drsorch.schemas.runtime.HealthServer;
import io.drsorch.schemas.runtime.TopicAdmin;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts the drs-launcher: topics, DRS clients, the consumer loop and the health endpoint. */
public final class LauncherMain {

  private static final Logger LOG = LoggerFactory.getLogger(LauncherMain.class);

  private LauncherMain() {}

  public static void main(String[] args) throws InterruptedException {
    LauncherConfig config = LauncherConfig.fromSettings();
    TopicAdmin.ensureTopics(config.bootstrapServers());
    DrsClients clients = DrsClients.fromSettings();
    WaveLauncher launcher =
        new WaveLauncher(
            clients, config.maxServersPerCall(), config.dedupeWindow(), Clock.systemUTC());
    LauncherService service = new LauncherService(config, launcher, Clock.systemUTC()).start();
    HealthServer health =
        HealthServer.start(config.httpHost(), config.httpPort(), service::isReady);
    LOG.info("drs-launcher started, health on port {}", health.port());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  service.close();
                  health.close();
                  clients.close();
                  stopped.countDown();
                }));
    stopped.await();
  }
}
