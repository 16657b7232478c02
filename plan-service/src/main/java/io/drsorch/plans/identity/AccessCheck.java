package io.drsorch.plans.identity;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Whether a caller may do something, and if not, the answer that says why: 401 for a caller with no
 * valid token, 403 for one whose token lacks every role that would allow it. Decided from the roles
 * alone, so that the rules are tested without an identity provider.
 */
public final class AccessCheck {

  private AccessCheck() {}

  /** An authenticated caller: the name the audit trail records, and the token's roles. */
  public record Caller(String name, Set<String> roles) {}

  /** Refused, with the status and the message of the answer. */
  public record Refusal(int status, String message) {}

  /**
   * @param caller the authenticated caller, null when the request carried no token
   * @param anyOf the roles of which one suffices; none means no caller may
   * @param what what the caller asked to do, as the message names it
   * @return null when allowed
   */
  public static Refusal check(Caller caller, Role[] anyOf, String what) {
    if (caller == null) {
      return new Refusal(
          401,
          "authentication required to "
              + what
              + ": send an access token of the configured OIDC issuer as 'Authorization: Bearer"
              + " <token>' (drctl login)");
    }
    if (anyOf.length == 0) {
      return new Refusal(403, "no role allows callers to " + what);
    }
    for (Role role : anyOf) {
      if (caller.roles().contains(role.claim())) {
        return null;
      }
    }
    return new Refusal(403, forbidden(caller, List.of(anyOf), what));
  }

  /** The answer to a token that was sent but is not valid here. */
  public static Refusal invalidToken() {
    return new Refusal(
        401,
        "the bearer token is not valid here: expired, malformed, or not issued by the configured"
            + " OIDC issuer (drctl login again)");
  }

  private static String forbidden(Caller caller, List<Role> anyOf, String what) {
    String needed =
        anyOf.size() == 1
            ? "role '" + anyOf.get(0).claim() + "'"
            : "one of the roles "
                + anyOf.stream().map(r -> "'" + r.claim() + "'").collect(Collectors.joining(", "));
    Set<String> known = Arrays.stream(Role.values()).map(Role::claim).collect(Collectors.toSet());
    Set<String> held = new TreeSet<>(caller.roles());
    held.retainAll(known);
    return "'"
        + caller.name()
        + "' may not "
        + what
        + ": "
        + needed
        + " required, the token has "
        + (held.isEmpty() ? "none of this service's roles" : String.join(", ", held));
  }
}
