package io.drsorch.schemas.runtime;

import java.time.Duration;

/**
 * Reads a service setting from a system property ({@code kafka.bootstrap.servers}) or, failing
 * that, from the environment variable of the same name in upper snake case ({@code
 * KAFKA_BOOTSTRAP_SERVERS}). One rule for every service, so the local stack and a container
 * platform configure them the same way.
 */
public final class Settings {

  private Settings() {}

  public static String get(String name, String fallback) {
    String value = System.getProperty(name);
    if (value == null || value.isBlank()) {
      value = System.getenv(envName(name));
    }
    return value == null || value.isBlank() ? fallback : value.trim();
  }

  public static int getInt(String name, int fallback) {
    String value = get(name, null);
    if (value == null) {
      return fallback;
    }
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "setting " + name + " (" + envName(name) + ") must be a whole number, got: " + value);
    }
  }

  public static Duration getDuration(String name, Duration fallback) {
    String value = get(name, null);
    if (value == null) {
      return fallback;
    }
    try {
      return value.startsWith("P") || value.startsWith("p")
          ? Duration.parse(value)
          : Duration.ofMillis(Long.parseLong(value));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "setting "
              + name
              + " ("
              + envName(name)
              + ") must be milliseconds or an ISO-8601 duration such as PT1S, got: "
              + value);
    }
  }

  /** {@code kafka.bootstrap.servers} becomes {@code KAFKA_BOOTSTRAP_SERVERS}. */
  public static String envName(String name) {
    return name.replace('.', '_').replace('-', '_').toUpperCase(java.util.Locale.ROOT);
  }
}
