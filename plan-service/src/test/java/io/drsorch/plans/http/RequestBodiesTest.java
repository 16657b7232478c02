package io.drsorch.plans.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drsorch.planmodel.validation.InvalidRequestException;
import io.drsorch.planmodel.validation.PlanDraft;
import io.drsorch.planmodel.validation.ProtectionGroupDraft;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the service adds to plan-model's reader (tested there): the format comes from the
 * Content-Type, and only JSON and YAML are taken.
 */
class RequestBodiesTest {

  private final RequestBodies bodies = new RequestBodies();

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "text/plain",
        "application/x-www-form-urlencoded",
        "text/yaml",
        "application/x-yaml",
        "multipart/form-data; boundary=x"
      })
  void givenABodyOfAnotherContentType_whenRead_then415NamingTheAcceptedTypes(String type) {
    assertThatThrownBy(() -> bodies.read("{\"name\": \"p\"}", type, PlanDraft.class))
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> {
              assertThat(e.status()).isEqualTo(415);
              assertThat(e.getMessage())
                  .contains(type)
                  .endsWith("send application/json or application/yaml");
            });
  }

  @Test
  void givenABodyWithoutContentType_whenRead_then415() {
    assertThatThrownBy(() -> bodies.read("{}", null, ProtectionGroupDraft.class))
        .isInstanceOfSatisfying(
            ApiException.class, e -> assertThat(e.getMessage()).startsWith("a request body"));
  }

  @Test
  void givenMediaTypeParameters_whenRead_thenTheTypeAloneDecides() {
    assertThat(bodies.read("{\"name\": \"p\"}", "Application/JSON; charset=UTF-8", PlanDraft.class))
        .extracting(PlanDraft::name)
        .isEqualTo("p");
  }

  @Test
  void givenAnEmptyBodyOfAnyContentType_whenRead_thenTheBodyIsRequired() {
    assertThatThrownBy(() -> bodies.read(" ", "text/plain", PlanDraft.class))
        .isInstanceOfSatisfying(
            InvalidRequestException.class,
            e -> assertThat(e.errors().get(0).message()).isEqualTo("a request body is required"));
  }
}
