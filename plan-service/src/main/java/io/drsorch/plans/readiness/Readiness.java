package io.drsorch.plans.readiness;

import io.drsorch.avro.ExecutionMode;
import io.drsorch.avro.PreflightMode;
import io.drsorch.avro.PreflightVerdict;
import io.drsorch.avro.ServerProblem;
import java.time.Instant;
import java.util.List;

/**
 * The readiness of every server of a plan, as {@code GET /plans/{id}/readiness} answers it and as a
 * start records it (its problems only) in the request's {@link PreflightVerdict}.
 *
 * @param ready true when every server is
 * @param pointInTime the point in time checked against; null when none was asked for
 * @param servers every server of every wave, in the plan's order
 */
public record Readiness(
    boolean ready,
    ExecutionMode mode,
    Instant checkedAt,
    Instant pointInTime,
    List<ServerReadiness> servers) {

  /** How many servers are not ready. */
  public long notReady() {
    return servers.stream().filter(s -> !s.ready()).count();
  }

  /** The verdict a request carries: only the servers with a problem are listed. */
  public PreflightVerdict verdict(PreflightMode preflightMode) {
    return PreflightVerdict.newBuilder()
        .setMode(preflightMode)
        .setCheckedAt(checkedAt)
        .setServersChecked(servers.size())
        .setProblems(
            servers.stream()
                .filter(s -> !s.ready())
                .map(
                    s ->
                        ServerProblem.newBuilder()
                            .setSourceServerId(s.sourceServerId())
                            .setWaveId(s.waveId())
                            .setProblems(List.copyOf(s.problems()))
                            .build())
                .toList())
        .build();
  }
}
