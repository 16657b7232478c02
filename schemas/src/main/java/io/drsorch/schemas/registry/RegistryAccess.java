package io.drsorch.schemas.registry;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * How a service reaches a schema registry that asks for credentials or has a certificate of its own
 * CA: HTTP basic authentication ({@code user:password}, as Confluent's clients take it) and a TLS
 * truststore. Read from the environment (or system properties of the dotted names, for tests):
 * {@code SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO}, {@code SCHEMA_REGISTRY_SSL_TRUSTSTORE_LOCATION},
 * {@code SCHEMA_REGISTRY_SSL_TRUSTSTORE_PASSWORD}, {@code SCHEMA_REGISTRY_SSL_TRUSTSTORE_TYPE}
 * (PKCS12). Every service and drctl read the same, so one deployment's settings reach them all; the
 * password is never shown ({@link #toString()}).
 */
public final class RegistryAccess {

  public static final RegistryAccess NONE = new RegistryAccess(null, null, null, "PKCS12");

  private final String userInfo;
  private final Path truststore;
  private final String truststorePassword;
  private final String truststoreType;

  public RegistryAccess(
      String userInfo, Path truststore, String truststorePassword, String truststoreType) {
    if (userInfo != null && !userInfo.contains(":")) {
      throw new IllegalArgumentException(
          "SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO must be user:password");
    }
    this.userInfo = userInfo;
    this.truststore = truststore;
    this.truststorePassword = truststorePassword;
    this.truststoreType = truststoreType;
  }

  /** From the environment variables above (a system property of the dotted name wins). */
  public static RegistryAccess fromEnvironment() {
    return from(
        name -> {
          String property = System.getProperty(name);
          if (property != null && !property.isBlank()) {
            return Optional.of(property);
          }
          String env = System.getenv(name.toUpperCase(Locale.ROOT).replace('.', '_'));
          return env == null || env.isBlank() ? Optional.empty() : Optional.of(env);
        });
  }

  static RegistryAccess from(Function<String, Optional<String>> setting) {
    return new RegistryAccess(
        setting.apply("schema.registry.basic.auth.user.info").orElse(null),
        setting.apply("schema.registry.ssl.truststore.location").map(Path::of).orElse(null),
        setting.apply("schema.registry.ssl.truststore.password").orElse(null),
        setting.apply("schema.registry.ssl.truststore.type").orElse("PKCS12"));
  }

  /** The {@code Authorization} header's value, when credentials are set. */
  Optional<String> authorization() {
    return userInfo == null
        ? Optional.empty()
        : Optional.of(
            "Basic "
                + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8)));
  }

  /** A TLS context trusting the truststore, when one is set. */
  Optional<SSLContext> sslContext() {
    if (truststore == null) {
      return Optional.empty();
    }
    try (InputStream in = Files.newInputStream(truststore)) {
      KeyStore store = KeyStore.getInstance(truststoreType);
      store.load(in, truststorePassword == null ? null : truststorePassword.toCharArray());
      TrustManagerFactory trust =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(store);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return Optional.of(context);
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException(
          "cannot use the schema registry truststore "
              + truststore
              + " (SCHEMA_REGISTRY_SSL_TRUSTSTORE_LOCATION, _PASSWORD, _TYPE): "
              + e.getMessage(),
          e);
    }
  }

  @Override
  public String toString() {
    return "registry access: "
        + (userInfo == null ? "no login" : "user " + userInfo.substring(0, userInfo.indexOf(':')))
        + (truststore == null ? "" : ", truststore " + truststore);
  }
}
