package io.drsorch.launcher.admission;

import io.drsorch.avro.LaunchWave;
import io.drsorch.schemas.limits.IdFormats;
import io.drsorch.schemas.limits.PlanLimits;
import io.drsorch.schemas.limits.Problems;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Checks a LaunchWave before anything of it reaches DRS. The scheduler only sends waves of requests
 * it admitted within {@link PlanLimits}, but anyone who may write to drs.wave-commands can produce
 * a LaunchWave: the launcher must not launch what the REST API would have refused.
 *
 * <p>Problems come in two kinds. A command whose identity (record id, executionId, waveId, attempt,
 * requestId) is malformed cannot be answered: an event echoing it would be as malformed, and no
 * wave the scheduler runs could match it; it is dead-lettered. A command with a sound identity but
 * a wave that must not be launched is answered with a non-retryable WaveLaunchFailed naming the
 * problems: the scheduler then fails the wave at once with that reason, frees its share of the DRS
 * job quota and skips its dependents, rather than waiting for the wave's timeout.
 */
public final class CommandCheck {

  /** The error code of a WaveLaunchFailed for a wave refused here, before calling DRS. */
  public static final String INVALID_LAUNCH_WAVE = "InvalidLaunchWave";

  /** Characters in a requestId, which is {@code executionId/waveId/attempt}. */
  static final int MAX_REQUEST_ID_LENGTH = 2 * PlanLimits.MAX_ID_LENGTH + 12;

  private CommandCheck() {}

  /** Problems that leave no sound way to answer the command; empty when it can be answered. */
  public static Problems identity(LaunchWave command) {
    Problems problems = new Problems();
    problems.checkLength("id", command.getId(), PlanLimits.MAX_ID_LENGTH);
    problems.checkId("executionId", command.getExecutionId());
    problems.checkId("waveId", command.getWaveId());
    if (command.getAttempt() < 1) {
      problems.add("attempt", "must be 1 or more, got " + command.getAttempt());
    }
    problems.checkLength("requestId", command.getRequestId(), MAX_REQUEST_ID_LENGTH);
    return problems;
  }

  /** Problems that forbid launching the wave; empty when it may go to DRS. */
  public static Problems launch(LaunchWave command) {
    Problems problems = new Problems();
    if (!IdFormats.isRegion(command.getRegion())) {
      problems.add("region", "not an AWS region: " + Problems.shown(command.getRegion()));
    }
    checkAccount(problems, command.getAccountId(), command.getRoleArn());
    checkServers(problems, command.getSourceServerIds());
    return problems;
  }

  private static void checkAccount(Problems problems, String account, String role) {
    if (account != null && !IdFormats.isAccountId(account)) {
      problems.add("accountId", "not an AWS account id (12 digits): " + Problems.shown(account));
    }
    if (role == null) {
      return;
    }
    String roleAccount = IdFormats.accountOfRoleArn(role);
    if (roleAccount == null) {
      problems.add("roleArn", "not an IAM role ARN: " + Problems.shown(role));
    } else if (account == null) {
      problems.add(
          "accountId", "must be given with roleArn (the role's account, " + roleAccount + ")");
    } else if (!roleAccount.equals(account)) {
      problems.add(
          "roleArn", "role of account " + roleAccount + ", not of the wave's account " + account);
    }
  }

  private static void checkServers(Problems problems, List<String> servers) {
    if (servers.isEmpty()) {
      problems.add("sourceServerIds", "a wave needs at least one server");
      return;
    }
    if (servers.size() > PlanLimits.MAX_SERVERS) {
      // Listing each server of an oversized wave says nothing more than its size.
      problems.add(
          "sourceServerIds",
          servers.size() + " servers, at most " + PlanLimits.MAX_SERVERS + " in a plan");
      return;
    }
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < servers.size(); i++) {
      String server = servers.get(i);
      String path = "sourceServerIds[" + i + "]";
      if (!IdFormats.isSourceServerId(server)) {
        problems.add(
            path,
            "not a source server id (s- and 17 letters or digits): " + Problems.shown(server));
      } else if (!seen.add(server)) {
        problems.add(path, server + " is listed twice");
      }
    }
  }
}
