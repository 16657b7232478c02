package io.drsorch.plans.readiness;

import io.drsorch.drsclient.DrsClients;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The DRS clients of this service, one per region and role, built exactly as drs-launcher builds
 * its own (same settings {@code drs.endpoint} and {@code sts.endpoint}, credentials from the AWS
 * default chain, a group's role assumed for its servers), so that the pre-flight asks the DRS that
 * the launch will use, with the same rights.
 */
@ApplicationScoped
public class DrsConnection {

  /** The role session name CloudTrail shows beside the calls made with a group's role. */
  static final String SESSION_NAME = "plan-service";

  @ConfigProperty(name = "drs.endpoint")
  Optional<URI> drsEndpoint;

  @ConfigProperty(name = "sts.endpoint")
  Optional<URI> stsEndpoint;

  private DrsClients clients;

  @PostConstruct
  void open() {
    clients = new DrsClients(drsEndpoint.orElse(null), stsEndpoint.orElse(null), SESSION_NAME);
  }

  public DrsClients clients() {
    return clients;
  }

  @PreDestroy
  void close() {
    if (clients != null) {
      clients.close();
    }
  }
}
