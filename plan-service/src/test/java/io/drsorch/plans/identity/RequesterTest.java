package io.drsorch.plans.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.runtime.Startup;
import org.junit.jupiter.api.Test;

/** The configured operator name: checked at start, since every audit record carries it. */
class RequesterTest {

  private static Requester configured(String name) {
    Requester requester = new Requester();
    requester.localOperator = name;
    requester.authentication = new Authentication(); // no issuer: not enabled
    return requester;
  }

  @Test
  void givenAName_whenChecked_thenItIsWhoRequests() {
    Requester requester = configured("ops-team@site-a");
    requester.check();
    assertThat(requester.name()).isEqualTo("ops-team@site-a");
  }

  @Test
  void givenNoAuthentication_whenARoleIsRequired_thenTheLocalOperatorMayDoAnything() {
    Requester requester = configured("ops-team@site-a");
    for (Role role : Role.values()) {
      requester.require(role, "act as " + role.claim()); // nothing thrown
    }
  }

  @Test
  void givenABlankOrOverlongName_whenChecked_thenTheServiceRefusesToStart() {
    assertThatThrownBy(() -> configured(" ").check())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("plans.local-operator");
    assertThatThrownBy(() -> configured("o".repeat(257)).check())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("at most 256");
  }

  @Test
  void givenTheBean_thenItIsCreatedAndCheckedAtStartNotAtFirstUse() {
    // a lazily created bean would let a bad name through until the first execution request
    assertThat(Requester.class.isAnnotationPresent(Startup.class)).isTrue();
  }
}
