package io.drsorch.plans.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.drsorch.avro.ExecutionMode;
import io.drsorch.plans.identity.AccessCheck.Caller;
import io.drsorch.plans.identity.AccessCheck.Refusal;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Who may do what: the rules the filter and the resources apply to a token's roles. */
class AccessCheckTest {

  private static final Role[] VIEW = {Role.VIEWER};

  @Test
  void givenNoToken_whenAnythingIsAsked_then401SaysHowToAuthenticate() {
    Refusal refusal = AccessCheck.check(null, VIEW, "GET /plans");
    assertThat(refusal.status()).isEqualTo(401);
    assertThat(refusal.message())
        .contains("GET /plans")
        .contains("Authorization: Bearer")
        .contains("drctl login");
  }

  @Test
  void givenTheRole_whenAsked_thenAllowed() {
    assertThat(AccessCheck.check(new Caller("vic", Set.of("viewer")), VIEW, "GET /plans")).isNull();
    assertThat(
            AccessCheck.check(
                new Caller("rita", Set.of("recovery")),
                new Role[] {Role.OPERATOR, Role.RECOVERY},
                "POST /plans/p/executions"))
        .isNull();
  }

  @Test
  void givenOtherRoles_whenAsked_then403NamesTheUserTheRoleNeededAndTheRolesHeld() {
    Refusal refusal =
        AccessCheck.check(
            new Caller("vic", Set.of("viewer", "offline_access", "uma_authorization")),
            new Role[] {Role.OPERATOR},
            "start a DRILL");
    assertThat(refusal.status()).isEqualTo(403);
    assertThat(refusal.message())
        .isEqualTo("'vic' may not start a DRILL: role 'operator' required, the token has viewer");
  }

  @Test
  void givenNoneOfTheServicesRoles_when403_thenItSaysSoWithoutListingForeignRoles() {
    Refusal refusal =
        AccessCheck.check(new Caller("x", Set.of("offline_access")), VIEW, "GET /executions");
    assertThat(refusal.message()).endsWith("the token has none of this service's roles");
  }

  @Test
  void givenAMethodNoRoleAllows_whenAsked_then403EvenWithEveryRole() {
    Set<String> all = Set.of("viewer", "planner", "operator", "recovery");
    assertThat(AccessCheck.check(new Caller("root", all), new Role[0], "PATCH /x").status())
        .isEqualTo(403);
  }

  @Test
  void givenTheModes_thenADrillNeedsOperatorAndARecoveryNeedsRecovery() {
    assertThat(Role.toStart(ExecutionMode.DRILL)).isEqualTo(Role.OPERATOR);
    assertThat(Role.toStart(ExecutionMode.RECOVERY)).isEqualTo(Role.RECOVERY);
    assertThat(
            AccessCheck.check(
                    new Caller("olga", Set.of("operator")),
                    new Role[] {Role.toStart(ExecutionMode.RECOVERY)},
                    "start a RECOVERY")
                .status())
        .isEqualTo(403);
  }
}
