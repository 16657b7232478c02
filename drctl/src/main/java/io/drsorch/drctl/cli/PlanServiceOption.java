package io.drsorch.drctl.cli;

import io.drsorch.drctl.api.PlanServiceApi;
import io.drsorch.drctl.auth.BearerTokens;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * Where the plan-service is: {@code --url}, or {@code DRCTL_URL}; requests carry the bearer token
 * of {@link BearerTokens}.
 */
public final class PlanServiceOption {

  @Option(
      names = "--url",
      scope = ScopeType.INHERIT,
      description = "plan-service URL (env DRCTL_URL; default ${DEFAULT-VALUE})",
      defaultValue = "${env:DRCTL_URL:-http://127.0.0.1:8080}")
  String url;

  public PlanServiceApi api() {
    return new PlanServiceApi(url, BearerTokens::forRequests);
  }
}
