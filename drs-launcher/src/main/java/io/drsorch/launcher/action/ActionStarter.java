package io.drsorch.launcher.action;

import io.drsorch.avro.ActionType;
import io.drsorch.avro.RunWaveAction;
import io.drsorch.avro.WaveAction;
import io.drsorch.drsclient.SsmClients;
import io.drsorch.launcher.Backoff;
import io.drsorch.launcher.launch.LaunchOutcome;
import io.drsorch.launcher.launch.WaveLauncher;
import io.micrometer.core.instrument.Metrics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.StartAutomationExecutionRequest;

/**
 * Starts one wave action. An SSM_AUTOMATION is one StartAutomationExecution in the wave's account
 * and region (through its role), with the plan's parameters filled in ({@link
 * AutomationParameters}) and a client token derived from the action's requestId ({@link
 * ClientTokens}): a command read again after a crash gets the automation its first reading started,
 * never a second one. An HTTP_CHECK starts nothing here: the job-watcher asks the URL.
 *
 * <p>Because the token makes every try the same start, failures that may pass are retried here,
 * even a lost answer: throttling, SSM's own faults (5xx), too many automations running, SSM
 * unreachable; after a wait that doubles ({@link Backoff}) or what {@code Retry-After} asks, up to
 * {@link ActionSettings#attempts()} tries in all. Anything else (an unknown document or version,
 * parameters the document refuses, access denied, a role that cannot be assumed) is refused at once
 * with SSM's (or STS's) code and words, and so is an action whose deadline passed before it could
 * start.
 */
public final class ActionStarter {

  private static final Logger LOG = LoggerFactory.getLogger(ActionStarter.class);

  /** The error code of an action refused because its deadline passed before it started. */
  public static final String DEADLINE_PASSED = "DeadlinePassed";

  /** The error code of an automation a launcher assembled without SSM clients cannot start. */
  public static final String SSM_NOT_CONFIGURED = "SsmNotConfigured";

  /** SSM's errors that may pass on a later try. */
  static final Set<String> MAY_PASS =
      Set.of(
          "ThrottlingException",
          "TooManyUpdates",
          "AutomationExecutionLimitExceededException",
          "InternalServerError");

  private final SsmClients clients;
  private final ActionSettings settings;
  private final Clock clock;

  /**
   * @param clients where automations start; null for a launcher that starts none (its HTTP checks
   *     still start, and its automations are refused with {@link #SSM_NOT_CONFIGURED})
   */
  public ActionStarter(SsmClients clients, ActionSettings settings, Clock clock) {
    this.clients = clients;
    this.settings = settings;
    this.clock = clock;
  }

  /**
   * Starts the action, or says why it did not.
   *
   * @throws Interrupted when the thread is interrupted while waiting to try again (the launcher is
   *     closing): nothing is answered, the command is read again
   */
  public ActionOutcome start(RunWaveAction command) {
    Instant deadline = command.getDeadline();
    if (!clock.instant().isBefore(deadline)) {
      count(command, "refused");
      return new ActionOutcome.Refused(
          DEADLINE_PASSED, "not started: its deadline " + deadline + " passed before it could");
    }
    if (command.getAction().getType() == ActionType.HTTP_CHECK) {
      count(command, "started");
      return ActionOutcome.Started.httpCheck();
    }
    if (clients == null) {
      count(command, "refused");
      return new ActionOutcome.Refused(
          SSM_NOT_CONFIGURED, "this launcher was assembled without SSM clients");
    }
    ActionOutcome outcome = startAutomation(command);
    count(command, outcome instanceof ActionOutcome.Started ? "started" : "refused");
    return outcome;
  }

  private ActionOutcome startAutomation(RunWaveAction command) {
    WaveAction action = command.getAction();
    Map<String, List<String>> parameters =
        AutomationParameters.filled(
            action.getParameters(), command.getExecutionId(), command.getRecoveryInstanceIds());
    String token = ClientTokens.of(command.getRequestId());
    StartAutomationExecutionRequest request =
        StartAutomationExecutionRequest.builder()
            .documentName(action.getDocumentName())
            .documentVersion(action.getDocumentVersion())
            .parameters(parameters.isEmpty() ? null : parameters)
            .clientToken(token)
            .build();
    SsmClient ssm = clients.forTarget(command.getRegion(), command.getRoleArn());
    Backoff backoff = new Backoff(settings.firstWait(), settings.longestWait());
    for (int tries = 1; ; tries++) {
      try {
        String id = ssm.startAutomationExecution(request).automationExecutionId();
        LOG.info(
            "request {}: automation {} of {} (client token {})",
            command.getRequestId(),
            id,
            action.getDocumentName(),
            token);
        return new ActionOutcome.Started(id, token, parameters);
      } catch (SdkException e) {
        LaunchOutcome.Rejected refusal = WaveLauncher.rejected(e, List.of());
        if (!mayPass(e, refusal) || tries >= settings.attempts()) {
          LOG.warn(
              "request {}: automation {} not started after {} tries: {}: {}",
              command.getRequestId(),
              action.getDocumentName(),
              tries,
              refusal.errorCode(),
              refusal.message());
          return new ActionOutcome.Refused(refusal.errorCode(), refusal.message());
        }
        Duration wait = waitAfter(backoff, refusal.retryAfterSeconds());
        LOG.info(
            "request {}: try {} of {} failed ({}: {}), trying again in {}",
            command.getRequestId(),
            tries,
            settings.attempts(),
            refusal.errorCode(),
            refusal.message(),
            wait);
        Metrics.counter("drsorch.launcher.action.retries", "error", refusal.errorCode())
            .increment();
        sleep(wait);
      }
    }
  }

  /**
   * Whether the same start may succeed later: SSM's errors of the moment ({@link #MAY_PASS}), any
   * of its own faults (5xx), and no answer at all (the token makes the next try find the execution
   * this one may have started).
   */
  private static boolean mayPass(SdkException error, LaunchOutcome.Rejected refusal) {
    if (MAY_PASS.contains(refusal.errorCode())
        || WaveLauncher.NETWORK_ERROR.equals(refusal.errorCode())) {
      return true;
    }
    return error instanceof AwsServiceException aws && aws.statusCode() >= 500;
  }

  /** The next wait of the backoff, or longer if SSM asked so, but never over the longest wait. */
  private Duration waitAfter(Backoff backoff, Integer retryAfterSeconds) {
    Duration wait = backoff.failed();
    if (retryAfterSeconds != null) {
      Duration asked = Duration.ofSeconds(retryAfterSeconds);
      if (asked.compareTo(wait) > 0) {
        wait = asked.compareTo(settings.longestWait()) > 0 ? settings.longestWait() : asked;
      }
    }
    return wait;
  }

  private static void sleep(Duration wait) {
    try {
      Thread.sleep(wait.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Interrupted();
    }
  }

  /** {@code drsorch_launcher_actions_total{type, outcome="started"|"refused"}}. */
  private static void count(RunWaveAction command, String outcome) {
    Metrics.counter(
            "drsorch.launcher.actions",
            "type",
            command.getAction().getType().name(),
            "outcome",
            outcome)
        .increment();
  }

  /** The launcher is closing while a start waits to try again: answer nothing. */
  public static final class Interrupted extends RuntimeException {
    Interrupted() {
      super("interrupted while waiting to try the automation's start again");
    }
  }
}
