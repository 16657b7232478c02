package io.drsorch.watcher.action;

import io.drsorch.drsclient.SsmClients;
import io.drsorch.watcher.state.WatchedAction;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ssm.model.AutomationExecution;
import software.amazon.awssdk.services.ssm.model.StopType;

/**
 * The SSM calls of followed automations, made on a small pool so that a slow or unreachable SSM
 * never holds up the poller's DRS calls: GetAutomationExecution to read one, and
 * StopAutomationExecution (Cancel) to stop one past its deadline. Each answers an update of the
 * action's progress, for the poller thread to apply.
 */
final class AutomationCalls {

  private static final Logger LOG = LoggerFactory.getLogger(AutomationCalls.class);

  /** SSM's answer to a stop of an automation that no longer runs. */
  static final String ALREADY_OVER = "InvalidAutomationStatusUpdateException";

  private final SsmClients clients;
  private final Executor pool;
  private final Clock clock;
  private final Duration interval;

  /**
   * @param interval how long after a call the automation is read (or a failed stop tried) again
   */
  AutomationCalls(SsmClients clients, Executor pool, Clock clock, Duration interval) {
    this.clients = clients;
    this.pool = pool;
    this.clock = clock;
    this.interval = interval;
  }

  CompletableFuture<Consumer<ActionProgress>> read(WatchedAction action) {
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            AutomationExecution execution =
                clients
                    .forTarget(action.target())
                    .getAutomationExecution(
                        r -> r.automationExecutionId(action.automationExecutionId()))
                    .automationExecution();
            AutomationReading reading =
                new AutomationReading(
                    execution.automationExecutionStatusAsString(), execution.failureMessage());
            Instant at = clock.instant();
            return progress -> progress.read(reading, at, at.plus(interval));
          } catch (SdkException e) {
            CallRefusal refusal = CallRefusal.of(e);
            LOG.warn(
                "{}: automation {} in {} not read: {}",
                action.key(),
                action.automationExecutionId(),
                action.target(),
                refusal.reason());
            Instant at = clock.instant();
            return progress -> progress.readFailed(refusal, at, at.plus(interval));
          }
        },
        pool);
  }

  CompletableFuture<Consumer<ActionProgress>> stop(WatchedAction action) {
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            clients
                .forTarget(action.target())
                .stopAutomationExecution(
                    r ->
                        r.automationExecutionId(action.automationExecutionId())
                            .type(StopType.CANCEL));
            LOG.info(
                "{}: automation {} stopped at its deadline {}",
                action.key(),
                action.automationExecutionId(),
                action.deadline());
            Instant at = clock.instant();
            return progress -> progress.stopped(at.plus(interval));
          } catch (SdkException e) {
            CallRefusal refusal = CallRefusal.of(e);
            LOG.warn(
                "{}: automation {} past its deadline not stopped: {}",
                action.key(),
                action.automationExecutionId(),
                refusal.reason());
            Instant at = clock.instant();
            boolean over = ALREADY_OVER.equals(refusal.code());
            return progress -> progress.stopFailed(refusal, over, at.plus(interval));
          }
        },
        pool);
  }
}
