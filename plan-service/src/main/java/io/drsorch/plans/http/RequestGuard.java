package io.drsorch.plans.http;

import io.drsorch.planmodel.reading.BodyFormat;
import io.drsorch.planmodel.validation.ValidationError;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.HostAndPort;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Refuses hostile requests before any of them is routed or its body read, each with the API's JSON
 * error shape:
 *
 * <ol>
 *   <li>a request whose {@code Host} names a host not in {@link AllowedHosts} ({@code
 *       plans.allowed-hosts}): 421, reads included, as after DNS rebinding a page of another site
 *       could read plans too;
 *   <li>a CORS preflight (OPTIONS with {@code Access-Control-Request-Method}): 403, never any
 *       {@code Access-Control-Allow-*} header, so no browser lets a page of another site call this
 *       API (Quarkus' CORS filter stays off, see application.properties);
 *   <li>a path with anything but ids between its slashes ({@link RawPaths}): 400;
 *   <li>a PUT, POST, DELETE or PATCH whose {@code Origin} is not an allowed host at the request's
 *       port ({@link Origins}): 403; such a request needs no preflight when its body is {@code
 *       text/plain} or a form, so the next check alone would not stop it;
 *   <li>a body that is neither {@code application/json} nor {@code application/yaml}, or has no
 *       Content-Type: 415.
 * </ol>
 *
 * <p>It runs first of all routes, before even the body limit ({@link BodyLimit}).
 */
@ApplicationScoped
public class RequestGuard {

  static final int ROUTE_ORDER = BodyLimit.ROUTE_ORDER - 1;

  private static final Set<HttpMethod> STATE_CHANGING =
      Set.of(HttpMethod.PUT, HttpMethod.POST, HttpMethod.DELETE, HttpMethod.PATCH);

  @ConfigProperty(name = AllowedHosts.SETTING)
  Optional<List<String>> allowedHosts;

  @ConfigProperty(name = "quarkus.http.host", defaultValue = "0.0.0.0")
  String httpHost;

  private AllowedHosts hosts;

  void install(@Observes Router router) {
    hosts = AllowedHosts.of(allowedHosts, httpHost);
    router.route().order(ROUTE_ORDER).handler(this::check);
  }

  private void check(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    HostAndPort authority = request.authority();
    String host = authority == null ? null : authority.host();
    if (!hosts.allows(host)) {
      RouteAnswers.message(ctx, 421, AllowedHosts.refusal(host));
      return;
    }
    if (request.method() == HttpMethod.OPTIONS
        && request.headers().contains(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD)) {
      RouteAnswers.message(
          ctx, 403, "cross-origin requests are not allowed: this API serves no other site");
      return;
    }
    Optional<ValidationError> badPath = RawPaths.check(request.path());
    if (badPath.isPresent()) {
      RouteAnswers.errors(ctx, 400, List.of(badPath.get()));
      return;
    }
    String origin = request.getHeader(HttpHeaders.ORIGIN);
    if (STATE_CHANGING.contains(request.method())
        && origin != null
        && !Origins.isSameSite(origin, request, hosts)) {
      RouteAnswers.message(
          ctx,
          403,
          "requests from another origin may not change anything; call this API directly,"
              + " not from a web page of another site");
      return;
    }
    String contentType = request.getHeader(HttpHeaders.CONTENT_TYPE);
    if (hasBody(request) && BodyFormat.of(contentType).isEmpty()) {
      RouteAnswers.message(ctx, 415, BodyFormat.unsupported(contentType));
      return;
    }
    ctx.next();
  }

  private static boolean hasBody(HttpServerRequest request) {
    if (request.headers().contains(HttpHeaders.TRANSFER_ENCODING)) {
      return true;
    }
    String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
    return length != null && !length.trim().equals("0");
  }
}
