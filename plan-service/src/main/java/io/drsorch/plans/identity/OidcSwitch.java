package io.drsorch.plans.identity;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * One setting turns authentication on: the OIDC tenant is enabled exactly when an issuer is
 * configured. Without this, Quarkus' OIDC tenant is on by default and refuses to start without an
 * issuer, and a second setting would have to agree with the first. An explicit {@code
 * quarkus.oidc.tenant-enabled} anywhere still wins: this source ranks below every other.
 */
public final class OidcSwitch implements ConfigSourceFactory {

  static final String ISSUER = "quarkus.oidc.auth-server-url";
  static final String TENANT_ENABLED = "quarkus.oidc.tenant-enabled";

  /** Below application.properties (250), the environment (300) and system properties (400). */
  private static final int ORDINAL = 50;

  @Override
  public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
    ConfigValue issuer = context.getValue(ISSUER);
    boolean configured =
        issuer != null && issuer.getValue() != null && !issuer.getValue().isBlank();
    return List.of(
        new PropertiesConfigSource(
            Map.of(TENANT_ENABLED, Boolean.toString(configured)), "oidc-switch", ORDINAL));
  }

  @Override
  public OptionalInt getPriority() {
    return OptionalInt.of(ORDINAL);
  }
}
