package io.drsorch.plans.readiness;

import io.drsorch.avro.ExecutionMode;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Whether one server can be launched, from what DRS said about it: each problem a short sentence
 * naming what was found and what is needed. Pure, so that every rule is tested without DRS.
 *
 * <ul>
 *   <li>the server must be known to DRS where its wave recovers, and free: DRS runs one job per
 *       server and refuses a launch of a server another job holds (ConflictException);
 *   <li>a DRILL needs CONTINUOUS replication with a lag of at most the plan's {@code
 *       maxReplicationLagMinutes}: a drill of stale or stalled data proves little;
 *   <li>a RECOVERY needs a recovery snapshot to launch from, not replication: in a disaster the
 *       source is likely unreachable, which is why there is a recovery at all;
 *   <li>with a point in time, in either mode, a snapshot taken at or before it.
 * </ul>
 */
final class ReadinessRules {

  static final String CONTINUOUS = "CONTINUOUS";

  private ReadinessRules() {}

  /** Every problem of the server; empty when it is ready. */
  static List<String> problems(
      ServerFacts facts, ExecutionMode mode, int maxLagMinutes, Instant pointInTime) {
    if (!facts.found()) {
      return List.of("not found in DRS in " + facts.where());
    }
    List<String> problems = new ArrayList<>();
    if (facts.activeJob() != null) {
      problems.add(
          "in active job "
              + facts.activeJob().jobId()
              + " ("
              + facts.activeJob().type()
              + ", "
              + facts.activeJob().status()
              + ")");
    }
    if (mode == ExecutionMode.DRILL) {
      replication(facts, maxLagMinutes, problems);
    } else if (pointInTime == null && facts.newest() == null) {
      problems.add("no recovery snapshot (a RECOVERY launches from one)");
    }
    if (pointInTime != null && facts.atPointInTime() == null) {
      problems.add(
          "no recovery snapshot at or before "
              + pointInTime
              + (facts.newest() == null
                  ? " (the server has none)"
                  : " (all its snapshots are later)"));
    }
    return problems;
  }

  private static void replication(ServerFacts facts, int maxLagMinutes, List<String> problems) {
    String state = facts.replicationState();
    if (!CONTINUOUS.equals(state)) {
      problems.add(
          "replication is "
              + (state == null ? "not reported" : state)
              + " (a DRILL needs CONTINUOUS)");
      return;
    }
    if (facts.lag() == null) {
      // DRS leaves the lag out in some states; a CONTINUOUS server without one is not lagging
      // by anything DRS can tell, and refusing it would refuse drills DRS would run.
      return;
    }
    Duration lag;
    try {
      lag = Duration.parse(facts.lag());
    } catch (DateTimeParseException e) {
      problems.add(
          "replication lag '"
              + facts.lag()
              + "' is not an ISO-8601 duration (a DRILL needs at most "
              + maxLagMinutes
              + " minutes)");
      return;
    }
    if (lag.compareTo(Duration.ofMinutes(maxLagMinutes)) > 0) {
      problems.add(
          "replication lags "
              + facts.lag()
              + " (a DRILL needs at most "
              + maxLagMinutes
              + " minutes: maxReplicationLagMinutes)");
    }
  }
}
