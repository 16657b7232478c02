package io.drsorch.watcher.runtime;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready once every assigned partition of drs.wave-events is replayed: the watch state is whole. */
@Readiness
@ApplicationScoped
public class WatcherReadiness implements HealthCheck {

  private final WatcherRuntime runtime;

  WatcherReadiness(WatcherRuntime runtime) {
    this.runtime = runtime;
  }

  @Override
  public HealthCheckResponse call() {
    return HealthCheckResponse.named("wave-events replay").status(runtime.isReady()).build();
  }
}
