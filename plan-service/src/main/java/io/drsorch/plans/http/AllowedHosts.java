package io.drsorch.plans.http;

import io.drsorch.planmodel.validation.Formats;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The host names this service answers to ({@code plans.allowed-hosts}, env {@code
 * PLANS_ALLOWED_HOSTS}), the defence against DNS rebinding: a page of {@code evil.example} whose
 * name the attacker then points at 127.0.0.1 reaches this service from the visitor's browser as a
 * page of the same origin, so neither the browser nor an Origin compared with the request's own
 * Host stops it. Its requests still carry {@code Host: evil.example}, which no list names.
 *
 * <p>Default: the loopback names, plus {@code quarkus.http.host} when that is one address and not
 * every interface ({@code 0.0.0.0}, {@code ::}). A configured list replaces the default.
 */
final class AllowedHosts {

  static final String SETTING = "plans.allowed-hosts";

  private static final List<String> LOOPBACK = List.of("localhost", "127.0.0.1", "[::1]");
  private static final Set<String> EVERY_INTERFACE = Set.of("0.0.0.0", "::", "[::]");

  private final Set<String> hosts = new LinkedHashSet<>();

  private AllowedHosts(List<String> names) {
    for (String name : names) {
      if (name != null && !name.isBlank()) {
        hosts.add(normalise(name));
      }
    }
  }

  /**
   * @param configured {@code plans.allowed-hosts}, empty when not set
   * @param httpHost {@code quarkus.http.host}, the address the service listens on
   */
  static AllowedHosts of(Optional<List<String>> configured, String httpHost) {
    if (configured.isPresent() && !configured.get().isEmpty()) {
      return new AllowedHosts(configured.get());
    }
    List<String> names = new ArrayList<>(LOOPBACK);
    if (httpHost != null && !EVERY_INTERFACE.contains(httpHost.trim())) {
      names.add(httpHost);
    }
    return new AllowedHosts(names);
  }

  /** Whether {@code host} (a Host header's or an Origin's host part, without port) is allowed. */
  boolean allows(String host) {
    return host != null && hosts.contains(normalise(host));
  }

  /** The refusal of a request sent to any other host name. */
  static String refusal(String host) {
    return "this service does not answer to host '"
        + (host == null ? "" : Formats.shown(host))
        + "'; call it by a name listed in "
        + SETTING
        + " (env PLANS_ALLOWED_HOSTS)";
  }

  /** Case-insensitive, and an IPv6 address with or without its brackets. */
  private static String normalise(String host) {
    String lower = host.trim().toLowerCase(Locale.ROOT);
    if (lower.startsWith("[") && lower.endsWith("]")) {
      return lower.substring(1, lower.length() - 1);
    }
    return lower;
  }

  @Override
  public String toString() {
    return String.join(",", hosts);
  }
}
