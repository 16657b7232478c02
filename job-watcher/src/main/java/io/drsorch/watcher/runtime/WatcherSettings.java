package io.drsorch.watcher.runtime;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;
import java.util.Optional;

/** The watcher's own settings; each is documented in {@code application.properties}. */
@ConfigMapping(prefix = "watcher")
public interface WatcherSettings {

  @WithDefault("job-watcher")
  String groupId();

  Poll poll();

  @WithDefault("1000")
  int batchSize();

  @WithDefault("PT1M")
  Duration maxBackoff();

  Events events();

  Actions actions();

  /** How often each job is polled. */
  interface Poll {
    @WithDefault("PT1S")
    Duration min();

    @WithDefault("PT15S")
    Duration max();

    @WithName("near-end")
    @WithDefault("0.75")
    double nearEnd();

    /** When set, both min and max: a fixed interval. */
    Optional<Duration> interval();
  }

  /** How wave actions are followed. */
  interface Actions {
    @WithName("automation-interval")
    @WithDefault("PT2S")
    Duration automationInterval();

    @WithName("http-timeout")
    @WithDefault("PT5S")
    Duration httpTimeout();
  }

  /** {@code POST /events/drs}. */
  interface Events {
    @WithName("api-key-header")
    @WithDefault("x-api-key")
    String apiKeyHeader();

    /** Unset (or empty) disables the endpoint. */
    @WithName("api-key")
    Optional<String> apiKey();
  }
}
