package io.drsorch.launcher.admission;

import io.drsorch.avro.TerminateRecoveryInstances;
import io.drsorch.schemas.limits.IdFormats;
import io.drsorch.schemas.limits.PlanLimits;
import io.drsorch.schemas.limits.Problems;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Checks a TerminateRecoveryInstances before anything of it reaches DRS, in the two kinds {@link
 * CommandCheck} uses for a LaunchWave: a command whose identity (record id, executionId, requestId)
 * is malformed cannot be answered and is dead-lettered; one with a sound identity but a target or
 * instance ids DRS must not be asked about is answered with a TerminationFailed naming the problems
 * ({@link #INVALID_TERMINATE_RECOVERY_INSTANCES}), so that the scheduler ends the clean-up with
 * that reason instead of waiting for an answer that never comes. Terminating is destructive: an id
 * that is not a recovery instance id never goes to DRS.
 */
public final class TerminationCheck {

  /** The error code of a TerminationFailed refused here, before calling DRS. */
  public static final String INVALID_TERMINATE_RECOVERY_INSTANCES =
      "InvalidTerminateRecoveryInstances";

  /**
   * DRS's recovery instance ids are EC2 instance ids: {@code i-} and hexadecimal digits, at most 19
   * characters (the model: pattern {@code i-[0-9a-fA-F]{8,}}, length 10 to 19).
   */

  /**
   * Characters in a requestId, {@code executionId/cleanup/region/account}: an id, a region (at most
   * 32) and an account id or {@code own}, with their separators.
   */
  static final int MAX_REQUEST_ID_LENGTH = PlanLimits.MAX_ID_LENGTH + 64;

  /**
   * Instances one command may name: an execution launches at most one per server of its plan, and
   * one command names those of one region and account.
   */
  static final int MAX_INSTANCES = PlanLimits.MAX_SERVERS;

  private TerminationCheck() {}

  /** Problems that leave no sound way to answer the command; empty when it can be answered. */
  public static Problems identity(TerminateRecoveryInstances command) {
    Problems problems = new Problems();
    problems.checkLength("id", command.getId(), PlanLimits.MAX_ID_LENGTH);
    problems.checkId("executionId", command.getExecutionId());
    if (problems.checkLength("requestId", command.getRequestId(), MAX_REQUEST_ID_LENGTH)
        && !command.getRequestId().startsWith(command.getExecutionId() + "/")) {
      problems.add("requestId", "must start with the executionId and '/'");
    }
    return problems;
  }

  /** Problems that forbid asking DRS to terminate the instances; empty when it may. */
  public static Problems terminate(TerminateRecoveryInstances command) {
    Problems problems = new Problems();
    if (!IdFormats.isRegion(command.getRegion())) {
      problems.add("region", "not an AWS region: " + Problems.shown(command.getRegion()));
    }
    checkAccount(problems, command.getAccountId(), command.getRoleArn());
    checkInstances(problems, command.getRecoveryInstanceIds());
    return problems;
  }

  private static void checkAccount(Problems problems, String account, String role) {
    if (account != null && !IdFormats.isAccountId(account)) {
      problems.add("accountId", "not an AWS account id (12 digits): " + Problems.shown(account));
    }
    if (role == null) {
      return;
    }
    if (role.length() > PlanLimits.MAX_ROLE_ARN_LENGTH) {
      problems.add("roleArn", "longer than " + PlanLimits.MAX_ROLE_ARN_LENGTH + " characters");
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
          "roleArn",
          "role of account " + roleAccount + ", not of the command's account " + account);
    }
  }

  private static void checkInstances(Problems problems, List<String> instances) {
    if (instances.isEmpty()) {
      problems.add("recoveryInstanceIds", "at least one recovery instance is needed");
      return;
    }
    if (instances.size() > MAX_INSTANCES) {
      problems.add(
          "recoveryInstanceIds",
          instances.size() + " recovery instances, at most " + MAX_INSTANCES + " a command");
      return;
    }
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < instances.size(); i++) {
      String instance = instances.get(i);
      String path = "recoveryInstanceIds[" + i + "]";
      if (!isRecoveryInstanceId(instance)) {
        problems.add(
            path,
            "not a recovery instance id (i- and 8 to 17 hexadecimal digits): "
                + Problems.shown(instance));
      } else if (!seen.add(instance)) {
        problems.add(path, instance + " is listed twice");
      }
    }
  }

  static boolean isRecoveryInstanceId(String value) {
    return IdFormats.isRecoveryInstanceId(value);
  }
}
