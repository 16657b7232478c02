package io.drsorch.launcher.runtime;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready once the loop runs with its partitions assigned: Kafka and the registry answered. */
@Readiness
@ApplicationScoped
public class LauncherReadiness implements HealthCheck {

  private final LauncherRuntime runtime;

  LauncherReadiness(LauncherRuntime runtime) {
    this.runtime = runtime;
  }

  @Override
  public HealthCheckResponse call() {
    return HealthCheckResponse.named("wave-commands consumer").status(runtime.isReady()).build();
  }
}
