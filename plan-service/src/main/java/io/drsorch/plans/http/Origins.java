package io.drsorch.plans.http;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.HostAndPort;
import java.net.URI;
import java.util.Locale;

/**
 * Whether a request comes from a page of this service's own site. A browser sends {@code Origin}
 * with every request that changes state, so a page of another site that makes a visitor's browser
 * PUT a plan or start a recovery (the browser may reach a loopback service the attacker cannot) is
 * recognised by it. Clients that are not browsers (drctl, curl, scripts) send no Origin at all.
 *
 * <p>The Origin's host is checked against {@link AllowedHosts}, not against the request's own
 * {@code Host}: after DNS rebinding, a page of the attacker's name sends its own name in both, and
 * they match.
 */
final class Origins {

  private Origins() {}

  /**
   * @return true when {@code origin} has the request's scheme and port and an allowed host; false
   *     for {@code null} (a sandboxed or privacy-sensitive context) and for anything unparsable
   */
  static boolean isSameSite(String origin, HttpServerRequest request, AllowedHosts hosts) {
    HostAndPort own = request.authority();
    if (origin == null || own == null) {
      return false;
    }
    URI uri;
    try {
      uri = new URI(origin.trim());
    } catch (Exception e) {
      return false;
    }
    boolean bare =
        uri.getScheme() != null
            && uri.getHost() != null
            && uri.getRawUserInfo() == null
            && (uri.getRawPath() == null || uri.getRawPath().isEmpty())
            && uri.getRawQuery() == null;
    if (!bare) {
      return false;
    }
    String scheme = request.scheme() == null ? "http" : request.scheme().toLowerCase(Locale.ROOT);
    return scheme.equals(uri.getScheme().toLowerCase(Locale.ROOT))
        && hosts.allows(uri.getHost())
        && port(scheme, own.port()) == port(scheme, uri.getPort());
  }

  private static int port(String scheme, int port) {
    if (port >= 0) {
      return port;
    }
    return "https".equals(scheme) ? 443 : 80;
  }
}
