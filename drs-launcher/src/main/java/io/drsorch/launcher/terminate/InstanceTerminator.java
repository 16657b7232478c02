package io.drsorch.launcher.terminate;

import io.drsorch.avro.TerminateRecoveryInstances;
import io.drsorch.drsclient.DrsClients;
import io.drsorch.launcher.Backoff;
import io.drsorch.launcher.launch.Chunks;
import io.drsorch.launcher.launch.LaunchOutcome;
import io.drsorch.launcher.launch.WaveLauncher;
import io.micrometer.core.instrument.Metrics;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.drs.DrsClient;

/**
 * Terminates the recovery instances a drill launched, for its clean-up: one
 * TerminateRecoveryInstances per 200 instances (each a TERMINATE job), after asking DRS where the
 * instances stand ({@link InstancesSurvey}), so that an instance already gone is reported as such
 * and one already being terminated, by a job this command started before a crash or by anyone else,
 * is named with that job and never terminated twice.
 *
 * <p>Unlike a launch, which reports every refusal and leaves retries to the scheduler's attempts, a
 * termination retries by itself: it has no attempts of its own, and the scheduler waits for one
 * answer. A failure that may pass (DRS's retryable errors as {@link WaveLauncher#rejected}
 * classifies them, any 5xx, DRS unreachable, an instance deleted or a conflict since the survey) is
 * tried again after a wait that doubles ({@link Backoff}) or what {@code Retry-After} asks, up to
 * {@link TerminationSettings#attempts()} tries in all, each from a new survey, which finds the jobs
 * the failed try may have started after all. Anything else, or the last try's failure, is reported
 * with DRS's code and message.
 */
public final class InstanceTerminator {

  private static final Logger LOG = LoggerFactory.getLogger(InstanceTerminator.class);

  private final DrsClients clients;
  private final TerminationSettings settings;

  public InstanceTerminator(DrsClients clients, TerminationSettings settings) {
    this.clients = clients;
    this.settings = settings;
  }

  /**
   * Terminates what the command names that is neither gone nor being terminated.
   *
   * @throws Interrupted when the thread is interrupted while waiting to try again (the launcher is
   *     closing): nothing is answered, the command is read again
   */
  public TerminationOutcome terminate(TerminateRecoveryInstances command) {
    DrsClient drs = clients.forTarget(command.getRegion(), command.getRoleArn());
    List<String> instances = command.getRecoveryInstanceIds();
    Instant notBefore = command.getOccurredAt().minus(settings.clockSkew());
    Backoff backoff = new Backoff(settings.firstWait(), settings.longestWait());
    // The jobs this handling started, kept across tries: DescribeJobs may not show one yet.
    Map<String, List<String>> startedHere = new LinkedHashMap<>();
    InstancesSurvey.Standing standing = null;
    for (int tries = 1; ; tries++) {
      try {
        standing = InstancesSurvey.of(drs, instances, notBefore);
        for (Map.Entry<String, List<String>> job : startedHere.entrySet()) {
          standing.terminating(job.getValue(), job.getKey());
        }
        for (List<String> batch :
            Chunks.of(standing.toTerminate(), settings.maxInstancesPerCall())) {
          String jobId =
              drs.terminateRecoveryInstances(r -> r.recoveryInstanceIDs(batch)).job().jobID();
          LOG.info(
              "request {}: TERMINATE job {} for {} instance(s)",
              command.getRequestId(),
              jobId,
              batch.size());
          startedHere.put(jobId, batch);
          standing.terminating(batch, jobId);
        }
        TerminationOutcome.Started started = standing.started(instances);
        count("started");
        return started;
      } catch (SdkException e) {
        LaunchOutcome.Rejected refusal = WaveLauncher.rejected(e, List.of());
        if (!mayPass(e, refusal) || tries >= settings.attempts()) {
          LOG.warn(
              "request {}: not terminated after {} tries: {}: {}",
              command.getRequestId(),
              tries,
              refusal.errorCode(),
              refusal.message());
          count("failed");
          return failed(instances, refusal, standing, startedHere);
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
        Metrics.counter("drsorch.launcher.termination.retries", "error", refusal.errorCode())
            .increment();
        sleep(wait);
      }
    }
  }

  /**
   * Whether trying again, after a new survey, may succeed: the launcher's retryable errors, any
   * error of DRS itself (5xx), and an instance that DRS stopped listing since the survey
   * (ResourceNotFoundException: the next survey counts it gone). A ConflictException is retryable
   * already: the instance's termination started since the survey (the next one finds its job), or
   * its server is busy with another job for now.
   */
  private static boolean mayPass(SdkException error, LaunchOutcome.Rejected refusal) {
    if (refusal.retryable() || "ResourceNotFoundException".equals(refusal.errorCode())) {
      return true;
    }
    return error instanceof AwsServiceException aws && aws.statusCode() >= 500;
  }

  /** The next wait of the backoff, or longer if DRS asked so, but never over the longest wait. */
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

  private static TerminationOutcome.Failed failed(
      List<String> instances,
      LaunchOutcome.Rejected refusal,
      InstancesSurvey.Standing standing,
      Map<String, List<String>> startedHere) {
    if (standing == null) {
      // Not even one survey answered: nothing is known to be in hand, nothing was started.
      return new TerminationOutcome.Failed(
          refusal.errorCode(), refusal.message(), instances, List.of());
    }
    return new TerminationOutcome.Failed(
        refusal.errorCode(),
        refusal.message(),
        standing.notStarted(instances),
        standing.jobIds(instances));
  }

  private static void sleep(Duration wait) {
    try {
      Thread.sleep(wait.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Interrupted();
    }
  }

  /** {@code drsorch_launcher_terminations_total{outcome="started"|"failed"}}. */
  private static void count(String outcome) {
    Metrics.counter("drsorch.launcher.terminations", "outcome", outcome).increment();
  }

  /** The launcher is closing while a termination waits to try again: answer nothing. */
  public static final class Interrupted extends RuntimeException {
    Interrupted() {
      super("interrupted while waiting to try the termination again");
    }
  }
}
