package io.drsorch.plans.http;

import io.drsorch.planmodel.validation.Formats;
import io.drsorch.planmodel.validation.ValidationError;
import io.drsorch.schemas.limits.IdFormats;
import io.drsorch.schemas.limits.PlanLimits;
import java.util.Map;
import java.util.Optional;

/**
 * Checks a request's path as it came over the wire, before anything decodes it: every segment must
 * be an id ({@code [A-Za-z0-9_-]{1,64}}), which every path of this API is made of.
 *
 * <p>Why before: a router gives some characters a meaning of their own. {@code PUT /plans/a;b} is
 * plan {@code a} with a matrix parameter to JAX-RS, so the plan would be stored under an id the
 * client never sent; {@code %2F} decodes to a {@code /} after routing, {@code ..} walks up a level.
 * Refusing such a path outright leaves no room for the router and the resource to read it
 * differently.
 *
 * <p>Only the API's own paths ({@code /plans}, {@code /protection-groups}, {@code /executions}) are
 * held to ids; Quarkus' ({@code /q/...}: health, static files with dots in their names) and any
 * other only to what could make a router reach an API path by another spelling: an empty or dot
 * segment ({@code //plans}, {@code /q/../plans}), a {@code ;}, a {@code \} or a percent escape.
 */
final class RawPaths {

  /** The id that follows each collection in a path, and its name in an error. */
  private static final Map<String, Id> IDS =
      Map.of(
          "plans", new Id("planId", "plan"),
          "protection-groups", new Id("groupId", "group"),
          "executions", new Id("executionId", "execution"));

  /** Ids that follow a collection inside an API path: {@code /executions/{id}/waves/{waveId}}. */
  private static final Map<String, Id> NESTED_IDS = Map.of("waves", new Id("waveId", "wave"));

  private record Id(String parameter, String kind) {}

  private RawPaths() {}

  /**
   * @param rawPath the request target's path, still percent-encoded
   * @return why it is refused, at the path parameter it stands for when that is known
   */
  static Optional<ValidationError> check(String rawPath) {
    if (rawPath == null || !rawPath.startsWith("/")) {
      return Optional.of(new ValidationError("", "malformed path: it must start with '/'"));
    }
    String[] segments = rawPath.substring(1).split("/", -1);
    if (!IDS.containsKey(segments[0])) {
      return checkOutsideApi(segments);
    }
    for (int i = 0; i < segments.length; i++) {
      String segment = segments[i];
      boolean trailingSlash = i == segments.length - 1 && segment.isEmpty();
      if (trailingSlash || IdFormats.isId(segment)) {
        continue;
      }
      Id id = i > 0 ? IDS.getOrDefault(segments[i - 1], NESTED_IDS.get(segments[i - 1])) : null;
      if (id != null) {
        return Optional.of(
            new ValidationError(id.parameter(), Formats.malformedId(id.kind(), segment)));
      }
      return Optional.of(
          new ValidationError(
              "",
              "malformed path segment '"
                  + Formats.shown(segment)
                  + "': use 1 to "
                  + PlanLimits.MAX_ID_LENGTH
                  + " letters, digits, '_' or '-'"));
    }
    return Optional.empty();
  }

  private static Optional<ValidationError> checkOutsideApi(String[] segments) {
    for (int i = 0; i < segments.length; i++) {
      String segment = segments[i];
      boolean trailingSlash = i == segments.length - 1 && segment.isEmpty();
      boolean rewritable =
          (segment.isEmpty() && !trailingSlash)
              || segment.equals(".")
              || segment.equals("..")
              || segment.contains(";")
              || segment.contains("%")
              || segment.contains("\\");
      if (rewritable) {
        return Optional.of(
            new ValidationError(
                "",
                "malformed path segment '"
                    + Formats.shown(segment)
                    + "': no empty or dot segment, ';', '\\' or percent escape"));
      }
    }
    return Optional.empty();
  }
}
