package io.drsorch.plans.http;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.HostAndPort;
import java.net.URI;
import java.util.Locale;

/**
 * Whether a request comes from a page of this service's own origin. A browser sends {@code Origin}
 * with every request that changes state, so a page of another site that makes a visitor's browser
 * PUT a plan or start a recovery (the browser may reach a loopback service the attacker cannot) is
 * recognised by it. Clients that are not browsers (drctl, curl, scripts) send no Origin at all.
 */
final class Origins {

  private Origins() {}

  /**
   * @return true when {@code origin} is scheme, host and port of the address the request was sent
   *     to ({@code Host}); false for {@code null} (a sandboxed or privacy-sensitive context) and
   *     for anything unparsable
   */
  static boolean isSameOrigin(String origin, HttpServerRequest request) {
    HostAndPort own = request.authority();
    if (origin == null || own == null || own.host() == null) {
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
        && own.host().equalsIgnoreCase(uri.getHost())
        && port(scheme, own.port()) == port(scheme, uri.getPort());
  }

  private static int port(String scheme, int port) {
    if (port >= 0) {
      return port;
    }
    return "https".equals(scheme) ? 443 : 80;
  }
}
