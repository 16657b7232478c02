package io.drsorch.plans.kafka;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready only once every view has read its topic up to where it ended when the service started:
 * before that, reads could miss plans and writes could reuse a version.
 */
@Readiness
@ApplicationScoped
public class TopicsReadiness implements HealthCheck {

  @Inject KafkaConnections kafka;

  @Override
  public HealthCheckResponse call() {
    HealthCheckResponseBuilder response = HealthCheckResponse.named("topic-views");
    boolean up = true;
    for (TopicView<?> view : kafka.views()) {
      response.withData(view.topic(), view.isCaughtUp() ? "caught up" : "catching up");
      up &= view.isCaughtUp();
    }
    return response.status(up).build();
  }
}
