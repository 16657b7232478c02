package io.drsorch.plans.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which host names the service answers to, by default and when configured. */
class AllowedHostsTest {

  @Test
  void givenNothingConfigured_thenLoopbackAndTheListeningAddress() {
    AllowedHosts hosts = AllowedHosts.of(Optional.empty(), "10.0.0.5");

    assertThat(hosts.allows("localhost")).isTrue();
    assertThat(hosts.allows("LOCALHOST")).isTrue();
    assertThat(hosts.allows("127.0.0.1")).isTrue();
    assertThat(hosts.allows("[::1]")).isTrue();
    assertThat(hosts.allows("::1")).isTrue();
    assertThat(hosts.allows("10.0.0.5")).isTrue();
    assertThat(hosts.allows("evil.example")).isFalse();
    assertThat(hosts.allows("localhost.evil.example")).isFalse();
    assertThat(hosts.allows(null)).isFalse();
  }

  @Test
  void givenTheServiceListensOnEveryInterface_thenNotEveryHostIsAllowed() {
    for (String everyInterface : List.of("0.0.0.0", "::", "[::]")) {
      AllowedHosts hosts = AllowedHosts.of(Optional.empty(), everyInterface);
      assertThat(hosts.allows(everyInterface)).isFalse();
      assertThat(hosts.allows("localhost")).isTrue();
    }
  }

  @Test
  void givenAConfiguredList_thenItReplacesTheDefault() {
    AllowedHosts hosts =
        AllowedHosts.of(Optional.of(List.of("plans.internal", " Plan-Service ")), "127.0.0.1");

    assertThat(hosts.allows("plans.internal")).isTrue();
    assertThat(hosts.allows("plan-service")).isTrue();
    assertThat(hosts.allows("localhost")).isFalse();
    assertThat(hosts.allows("127.0.0.1")).isFalse();
  }

  @Test
  void givenAHostileHostName_whenRefused_thenTheAnswerNamesTheSettingAndStaysShort() {
    String refusal = AllowedHosts.refusal("x".repeat(10_000));

    assertThat(refusal).contains("plans.allowed-hosts").contains("PLANS_ALLOWED_HOSTS");
    assertThat(refusal.length()).isLessThan(300);
  }
}
