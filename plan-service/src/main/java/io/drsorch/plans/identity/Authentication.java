package io.drsorch.plans.identity;

import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Whether callers are authenticated: yes when an OIDC issuer is configured ({@code OIDC_ISSUER},
 * {@code quarkus.oidc.auth-server-url}; {@link OidcSwitch} turns the OIDC tenant on with it).
 *
 * <p>Without an issuer every caller is the configured local operator, which is safe only where
 * nobody else can connect: this service then refuses to start on any address but a loopback one,
 * before anything else starts ({@link Startup} first).
 */
@Startup(1)
@ApplicationScoped
public class Authentication {

  private static final Logger LOG = Logger.getLogger(Authentication.class);

  @ConfigProperty(name = "quarkus.oidc.tenant-enabled", defaultValue = "false")
  boolean tenantEnabled;

  @ConfigProperty(name = "quarkus.oidc.auth-server-url")
  Optional<String> issuer;

  @ConfigProperty(name = "quarkus.http.host", defaultValue = "127.0.0.1")
  String httpHost;

  @PostConstruct
  void refuseToServeOthersUnauthenticated() {
    if (!enabled() && !isLoopback(httpHost)) {
      String line = refusal(httpHost);
      LOG.error(line);
      throw new IllegalStateException(line);
    }
    LOG.infof(
        enabled()
            ? "callers authenticated by bearer tokens of %s"
            : "no OIDC issuer configured: every caller is the local operator, on %s only",
        enabled() ? issuer.orElseThrow() : httpHost);
  }

  /** True when requests must carry a valid bearer token. */
  public boolean enabled() {
    return tenantEnabled && issuer.filter(s -> !s.isBlank()).isPresent();
  }

  /** The one line plan-service stops with when it would serve others unauthenticated. */
  static String refusal(String host) {
    return "plan-service will not serve unauthenticated on "
        + host
        + ", an address other machines can reach: configure an OIDC issuer (OIDC_ISSUER) or"
        + " listen on a loopback address (QUARKUS_HTTP_HOST=127.0.0.1)";
  }

  /** Whether {@code host} is a loopback address or a name of one only. */
  static boolean isLoopback(String host) {
    if (host == null || host.isBlank()) {
      return false;
    }
    String bare = host.trim();
    if (bare.startsWith("[") && bare.endsWith("]")) {
      bare = bare.substring(1, bare.length() - 1);
    }
    try {
      for (InetAddress address : InetAddress.getAllByName(bare)) {
        if (!address.isLoopbackAddress()) {
          return false;
        }
      }
      return true;
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
