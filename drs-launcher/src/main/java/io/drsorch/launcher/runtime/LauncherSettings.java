package io.drsorch.launcher.runtime;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The launcher's own settings; each is documented in {@code application.properties}. */
@ConfigMapping(prefix = "launcher")
public interface LauncherSettings {

  @WithDefault("drs-launcher")
  String groupId();

  @WithDefault("drs-launcher-1")
  String transactionalId();

  @WithDefault("PT2M")
  Duration dedupeClockSkew();

  @WithDefault("16")
  int concurrency();

  @WithDefault("5")
  int terminationAttempts();

  @WithDefault("PT1S")
  Duration terminationFirstWait();

  @WithDefault("PT20S")
  Duration terminationLongestWait();

  @WithDefault("5")
  int actionAttempts();

  @WithDefault("PT1S")
  Duration actionFirstWait();

  @WithDefault("PT20S")
  Duration actionLongestWait();
}
