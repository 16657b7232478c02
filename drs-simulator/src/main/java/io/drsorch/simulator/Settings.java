package io.drsorch.simulator;

import java.time.Duration;

/**
 * Reads a simulator setting from a system property ({@code sim.account.id}) or, failing that, from
 * the environment variable of the same name in upper snake case ({@code SIM_ACCOUNT_ID}): the same
 * rule as the services' configuration, for a test double that needs no runtime of its own.
 */
final class Settings {

  private Settings() {}

  static String get(String name, String fallback) {
    String value = System.getProperty(name);
    if (value == null || value.isBlank()) {
      value = System.getenv(envName(name));
    }
    return value == null || value.isBlank() ? fallback : value.trim();
  }

  static int getInt(String name, int fallback) {
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

  static Duration getDuration(String name, Duration fallback) {
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
  static String envName(String name) {
    return name.replace('.', '_').replace('-', '_').toUpperCase(java.util.Locale.ROOT);
  }
}
