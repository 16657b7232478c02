package io.drsorch.plans.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.runtime.Startup;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Without an issuer, plan-service serves only where no other machine can reach it. */
class AuthenticationTest {

  private static Authentication of(boolean tenantEnabled, String issuer, String host) {
    Authentication authentication = new Authentication();
    authentication.tenantEnabled = tenantEnabled;
    authentication.issuer = Optional.ofNullable(issuer);
    authentication.httpHost = host;
    return authentication;
  }

  @Test
  void givenLoopbackAddresses_thenTheyAreLoopbackAndOthersAreNot() {
    for (String host : new String[] {"127.0.0.1", "127.0.0.2", "localhost", "::1", "[::1]"}) {
      assertThat(Authentication.isLoopback(host)).as(host).isTrue();
    }
    for (String host :
        new String[] {"0.0.0.0", "::", "10.0.0.5", "", " ", "no-such-host.invalid"}) {
      assertThat(Authentication.isLoopback(host)).as(host).isFalse();
    }
  }

  @Test
  void givenNoIssuerAndEveryInterface_whenStarting_thenRefusedWithOneLineSayingWhatToDo() {
    assertThatThrownBy(() -> of(false, null, "0.0.0.0").refuseToServeOthersUnauthenticated())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(Authentication.refusal("0.0.0.0"))
        .hasMessageContaining("OIDC_ISSUER")
        .hasMessageContaining("QUARKUS_HTTP_HOST=127.0.0.1")
        .hasMessageNotContaining("\n");
  }

  @Test
  void givenAnIssuer_whenStartingOnEveryInterface_thenAllowedAndEnabled() {
    Authentication authentication = of(true, "https://idp.example/realms/drs", "0.0.0.0");
    authentication.refuseToServeOthersUnauthenticated();
    assertThat(authentication.enabled()).isTrue();
  }

  @Test
  void givenNoIssuerOnLoopback_whenStarting_thenAllowedAndNotEnabled() {
    Authentication authentication = of(false, null, "127.0.0.1");
    authentication.refuseToServeOthersUnauthenticated();
    assertThat(authentication.enabled()).isFalse();
    assertThat(of(true, " ", "127.0.0.1").enabled()).isFalse();
  }

  @Test
  void givenTheBean_thenItIsCheckedFirstAtStart() {
    assertThat(Authentication.class.getAnnotation(Startup.class).value()).isLessThan(2500);
  }
}
