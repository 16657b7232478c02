package io.drsorch.launcher.admission;

import io.drsorch.avro.ActionType;
import io.drsorch.avro.RunWaveAction;
import io.drsorch.avro.WaveAction;
import io.drsorch.schemas.limits.ActionLimits;
import io.drsorch.schemas.limits.IdFormats;
import io.drsorch.schemas.limits.PlanLimits;
import io.drsorch.schemas.limits.Problems;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Checks a RunWaveAction before anything of it reaches SSM, in the two kinds {@link CommandCheck}
 * uses for a LaunchWave: a command whose identity (record id, executionId, waveId, requestId,
 * index) is malformed cannot be answered and is dead-lettered; one with a sound identity but an
 * action that must not run (a malformed target, document, parameter or URL) is answered with a
 * WaveActionEnded FAILED naming the problems ({@link #INVALID_RUN_WAVE_ACTION}), so that the
 * scheduler ends the action with that reason instead of waiting for its timeout. The bounds are
 * those the plan's own validation applies to actions, so that nothing a plan could not hold runs.
 */
public final class ActionCheck {

  /** The error code of a WaveActionEnded refused here, before calling SSM. */
  public static final String INVALID_RUN_WAVE_ACTION = "InvalidRunWaveAction";

  /**
   * Characters in a requestId, {@code executionId/waveId/attempt/PHASE/index}: two ids, an attempt
   * and an index of at most 10 digits each, a phase of at most 6 letters, and separators.
   */
  static final int MAX_REQUEST_ID_LENGTH = 2 * PlanLimits.MAX_ID_LENGTH + 32;

  static final int MAX_PARAMETERS = ActionLimits.MAX_PARAMETERS;
  static final int MAX_PARAMETER_VALUES = ActionLimits.MAX_PARAMETER_VALUES;
  static final int MAX_VALUE_LENGTH = ActionLimits.MAX_VALUE_LENGTH;

  /** SSM's own rule for a document name. */
  private static final Pattern DOCUMENT_NAME = Pattern.compile("[a-zA-Z0-9_\\-.:/]{3,128}");

  private static final Pattern DOCUMENT_VERSION = Pattern.compile("(\\$DEFAULT|\\$LATEST|[0-9]+)");
  private static final Pattern PARAMETER_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,128}");

  private ActionCheck() {}

  /** Problems that leave no sound way to answer the command; empty when it can be answered. */
  public static Problems identity(RunWaveAction command) {
    Problems problems = new Problems();
    problems.checkLength("id", command.getId(), PlanLimits.MAX_ID_LENGTH);
    problems.checkId("executionId", command.getExecutionId());
    problems.checkId("waveId", command.getWaveId());
    if (problems.checkLength("requestId", command.getRequestId(), MAX_REQUEST_ID_LENGTH)
        && !command.getRequestId().startsWith(command.getExecutionId() + "/")) {
      problems.add("requestId", "must start with the executionId and '/'");
    }
    if (command.getIndex() < 0) {
      problems.add("index", "must be 0 or more, got " + command.getIndex());
    }
    return problems;
  }

  /** Problems that forbid starting the action; empty when it may start. */
  public static Problems start(RunWaveAction command) {
    Problems problems = new Problems();
    if (!IdFormats.isRegion(command.getRegion())) {
      problems.add("region", "not an AWS region: " + Problems.shown(command.getRegion()));
    }
    checkAccount(problems, command.getAccountId(), command.getRoleArn());
    checkInstances(problems, command.getRecoveryInstanceIds());
    WaveAction action = command.getAction();
    if (!IdFormats.isId(action.getName())) {
      problems.add("action.name", "not an action name: " + Problems.shown(action.getName()));
    }
    int minutes = action.getTimeoutMinutes();
    if (minutes < PlanLimits.MIN_TIMEOUT_MINUTES || minutes > PlanLimits.MAX_TIMEOUT_MINUTES) {
      problems.add(
          "action.timeoutMinutes",
          "must be between "
              + PlanLimits.MIN_TIMEOUT_MINUTES
              + " and "
              + PlanLimits.MAX_TIMEOUT_MINUTES
              + ", got "
              + minutes);
    }
    if (action.getType() == ActionType.SSM_AUTOMATION) {
      checkAutomation(problems, action);
    } else {
      checkHttp(problems, action);
    }
    return problems;
  }

  private static void checkAutomation(Problems problems, WaveAction action) {
    String name = action.getDocumentName();
    if (name == null) {
      problems.add("action.documentName", "an SSM_AUTOMATION action needs a document name");
    } else if (!DOCUMENT_NAME.matcher(name).matches()) {
      problems.add(
          "action.documentName",
          "not an SSM document name (3 to 128 letters, digits, '_', '-', '.', ':' or '/'): "
              + Problems.shown(name));
    }
    String version = action.getDocumentVersion();
    if (version != null && !DOCUMENT_VERSION.matcher(version).matches()) {
      problems.add(
          "action.documentVersion",
          "not a document version (a number, $DEFAULT or $LATEST): " + Problems.shown(version));
    }
    Map<String, List<String>> parameters = action.getParameters();
    if (parameters.size() > MAX_PARAMETERS) {
      problems.add(
          "action.parameters", parameters.size() + " parameters, at most " + MAX_PARAMETERS);
      return;
    }
    for (Map.Entry<String, List<String>> parameter : parameters.entrySet()) {
      if (!PARAMETER_NAME.matcher(parameter.getKey()).matches()) {
        problems.add(
            "action.parameters", "not a parameter name: " + Problems.shown(parameter.getKey()));
        continue;
      }
      String path = "action.parameters." + parameter.getKey();
      List<String> values = parameter.getValue();
      if (values.size() > MAX_PARAMETER_VALUES) {
        problems.add(path, values.size() + " values, at most " + MAX_PARAMETER_VALUES);
        continue;
      }
      for (int i = 0; i < values.size(); i++) {
        if (values.get(i).length() > MAX_VALUE_LENGTH) {
          problems.add(
              path + "[" + i + "]",
              values.get(i).length() + " characters, at most " + MAX_VALUE_LENGTH);
        }
      }
    }
  }

  private static void checkHttp(Problems problems, WaveAction action) {
    ActionLimits.checkHttpCheck(problems, action);
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
          "roleArn", "role of account " + roleAccount + ", not of the wave's account " + account);
    }
  }

  /** What {@code {{recoveryInstanceIds}}} stands for must be recovery instance ids, as many. */
  private static void checkInstances(Problems problems, List<String> instances) {
    if (instances.size() > PlanLimits.MAX_SERVERS) {
      problems.add(
          "recoveryInstanceIds",
          instances.size() + " recovery instances, at most " + PlanLimits.MAX_SERVERS);
      return;
    }
    for (int i = 0; i < instances.size(); i++) {
      if (!TerminationCheck.isRecoveryInstanceId(instances.get(i))) {
        problems.add(
            "recoveryInstanceIds[" + i + "]",
            "not a recovery instance id: " + Problems.shown(instances.get(i)));
      }
    }
  }
}
