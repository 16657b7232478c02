package io.drsorch.watcher;

import io.drsorch.schemas.runtime.HealthServer;
import io.drsorch.schemas.runtime.TopicAdmin;
import io.drsorch.watcher.drs.DrsClients;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts the job-watcher: topics, DRS clients, the replaying consumer, the poller and health. */
public final class WatcherMain {

  private static final Logger LOG = LoggerFactory.getLogger(WatcherMain.class);

  private WatcherMain() {}

  public static void main(String[] args) throws InterruptedException {
    WatcherConfig config = WatcherConfig.fromSettings();
    TopicAdmin.ensureTopics(config.bootstrapServers());
    DrsClients clients = DrsClients.fromSettings();
    WatcherService service = new WatcherService(config, clients, Clock.systemUTC()).start();
    HealthServer health =
        HealthServer.start(config.httpHost(), config.httpPort(), service::isReady);
    LOG.info("job-watcher started, health on port {}", health.port());
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
