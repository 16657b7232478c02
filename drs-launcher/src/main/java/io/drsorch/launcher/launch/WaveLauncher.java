package io.drsorch.launcher.launch;

import io.drsorch.avro.LaunchWave;
import io.drsorch.drsclient.DrsClients;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Metrics;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.drs.DrsClient;
import software.amazon.awssdk.services.drs.model.StartRecoveryRequest;
import software.amazon.awssdk.services.drs.model.StartRecoveryRequestSourceServer;

/**
 * Launches one wave attempt through DRS StartRecovery, one call per chunk of servers, and never
 * retries by itself: a refusal is reported (retryable or not) and the wave-scheduler decides, so
 * one throttled wave never holds up the others.
 *
 * <p>A wave with a {@code pointInTime} launches each server from its newest recovery snapshot at or
 * before it ({@link PointInTimeSnapshots}), found before any StartRecovery: a server without one
 * stops the whole wave, which is refused for good rather than launched in part.
 */
public final class WaveLauncher {

  private static final Logger LOG = LoggerFactory.getLogger(WaveLauncher.class);

  /** DRS errors that may succeed later: busy servers, rate and quota limits, DRS's own faults. */
  static final Set<String> RETRYABLE =
      Set.of(
          "ConflictException",
          "ThrottlingException",
          "InternalServerException",
          "ServiceQuotaExceededException");

  /** Error code reported when DRS could not be reached or its answer was lost. */
  public static final String NETWORK_ERROR = "NetworkError";

  // Why a launch looks for the jobs its wave already has (the reason tag of the searches metric).
  static final String SEARCH_READ_AGAIN = "read-again";
  static final String SEARCH_RETRY = "retry";
  static final String SEARCH_LOST_ANSWER = "lost-answer";

  private final DrsClients clients;
  private final int maxServersPerCall;
  private final StartedJobs taggedJobs;

  /**
   * @param clockSkew how far the scheduler's clock may be ahead of DRS's: the search for a wave's
   *     jobs reads those created since its first attempt was commanded, less this
   */
  public WaveLauncher(DrsClients clients, int maxServersPerCall, Duration clockSkew) {
    this(clients, maxServersPerCall, new TaggedJobs(clockSkew));
  }

  /** With another way of finding a wave's started jobs (the chaos test injects a blind one). */
  public WaveLauncher(DrsClients clients, int maxServersPerCall, StartedJobs startedJobs) {
    this.clients = clients;
    this.maxServersPerCall = maxServersPerCall;
    this.taggedJobs = startedJobs;
  }

  /**
   * Launches the command's servers, first looking for jobs the wave already has only when some may
   * exist: when {@code mayHaveReachedDrs} (the command was read before and its answer is not
   * committed) or when it is a retry (an earlier attempt's answer may have been lost). A command
   * read for the first time costs one StartRecovery per chunk and nothing else, and with a {@code
   * pointInTime} one DescribeRecoverySnapshots per server before them.
   */
  public LaunchOutcome launch(LaunchWave command, boolean mayHaveReachedDrs) {
    List<List<String>> chunks = Chunks.of(command.getSourceServerIds(), maxServersPerCall);
    if (chunks.isEmpty()) {
      return new LaunchOutcome.Rejected(
          "ValidationException", "the wave has no source servers", false, null, List.of());
    }
    DrsClient drs = clients.forTarget(command.getRegion(), command.getRoleArn());
    Map<Integer, String> started = new TreeMap<>();
    String search =
        mayHaveReachedDrs ? SEARCH_READ_AGAIN : command.getAttempt() > 1 ? SEARCH_RETRY : null;
    if (search != null) {
      try {
        started.putAll(find(drs, command, search));
      } catch (SdkException e) {
        return rejected(e, List.of());
      }
    }
    if (!started.isEmpty()) {
      LOG.info(
          "request {}: the wave already has jobs {}: not launching those again",
          command.getRequestId(),
          started);
    }
    PointInTimeSnapshots snapshots;
    try {
      snapshots = snapshotsFor(drs, command);
    } catch (SdkException e) {
      return rejected(e, inOrder(started));
    }
    List<String> missing = snapshots.missingAmong(notStarted(chunks, started));
    if (!missing.isEmpty()) {
      String reason = snapshots.noSnapshotReason(missing);
      LOG.warn("request {}: not launched: {}", command.getRequestId(), reason);
      return new LaunchOutcome.Rejected(
          PointInTimeSnapshots.NO_RECOVERY_SNAPSHOT, reason, false, null, inOrder(started));
    }
    List<String> gone = snapshots.missingAmong(Set.copyOf(command.getSourceServerIds()));
    if (!gone.isEmpty()) {
      // Servers whose jobs were started before, from a snapshot DRS had then: the jobs are real,
      // so the wave is reported launched, only without those servers' snapshots.
      LOG.warn(
          "request {}: launched before, but DRS no longer has a snapshot at or before {} of {}",
          command.getRequestId(),
          command.getPointInTime(),
          gone);
    }
    for (int i = 0; i < chunks.size(); i++) {
      if (started.containsKey(i)) {
        continue;
      }
      try {
        String jobId = drs.startRecovery(request(command, chunks, i, snapshots)).job().jobID();
        if (started.isEmpty()) {
          HopLatency.accepted(command);
        }
        LOG.info(
            "request {} chunk {}/{}: job {}", command.getRequestId(), i + 1, chunks.size(), jobId);
        started.put(i, jobId);
      } catch (SdkClientException e) {
        // The call may have reached DRS and only its answer been lost: look for the tag once more.
        String found = lookAgain(drs, command, i);
        if (found == null) {
          return rejected(e, inOrder(started));
        }
        started.put(i, found);
      } catch (SdkException e) {
        return rejected(e, inOrder(started));
      }
    }
    return new LaunchOutcome.Launched(inOrder(started), snapshots.chosen());
  }

  /**
   * The snapshots the wave's servers launch from: asked of DRS only for a point-in-time launch, and
   * then also when every chunk already has its job (a command read again after a crash), since the
   * WaveLaunched must name the snapshots those jobs were started from.
   */
  private static PointInTimeSnapshots snapshotsFor(DrsClient drs, LaunchWave command) {
    if (command.getPointInTime() == null) {
      return PointInTimeSnapshots.LATEST_DATA;
    }
    return PointInTimeSnapshots.resolve(
        drs, command.getSourceServerIds(), command.getPointInTime());
  }

  /** The servers of the chunks that have no job yet: those a launch still has to start. */
  private static Set<String> notStarted(List<List<String>> chunks, Map<Integer, String> started) {
    Set<String> servers = new HashSet<>();
    for (int i = 0; i < chunks.size(); i++) {
      if (!started.containsKey(i)) {
        servers.addAll(chunks.get(i));
      }
    }
    return servers;
  }

  private String lookAgain(DrsClient drs, LaunchWave command, int chunk) {
    try {
      return find(drs, command, SEARCH_LOST_ANSWER).get(chunk);
    } catch (SdkException e) {
      return null;
    }
  }

  private Map<Integer, String> find(DrsClient drs, LaunchWave command, String why) {
    Counter.builder("drsorch.launcher.job.searches")
        .description(
            "Searches for a wave's started jobs (DescribeJobs by creation date) before launching,"
                + " by why the launch may already have reached DRS")
        .tag("reason", why)
        .register(Metrics.globalRegistry)
        .increment();
    return taggedJobs.find(drs, command);
  }

  private static StartRecoveryRequest request(
      LaunchWave command, List<List<String>> chunks, int index, PointInTimeSnapshots snapshots) {
    return StartRecoveryRequest.builder()
        .isDrill(command.getDrill())
        .sourceServers(
            chunks.get(index).stream()
                .map(
                    id ->
                        StartRecoveryRequestSourceServer.builder()
                            .sourceServerID(id)
                            // null, left out of the request: the latest data
                            .recoverySnapshotID(snapshots.snapshotIdOf(id))
                            .build())
                .toList())
        .tags(JobTags.of(command, index, chunks.size()))
        .build();
  }

  private static List<String> inOrder(Map<Integer, String> byChunk) {
    return new ArrayList<>(new TreeMap<>(byChunk).values());
  }

  /**
   * How a failed DRS call is reported: DRS's (or STS's) error code and message, whether it may
   * succeed later ({@link #RETRYABLE}, or DRS unreachable) and its {@code Retry-After}. Also how
   * {@code terminate/InstanceTerminator} classifies its calls' failures.
   */
  public static LaunchOutcome.Rejected rejected(SdkException error, List<String> startedJobIds) {
    // A role that cannot be assumed surfaces as a client error caused by STS's answer (for
    // instance AccessDenied): report STS's code and words, not "unable to load credentials".
    AwsServiceException aws = serviceError(error);
    if (aws != null && aws.awsErrorDetails() != null) {
      String code = aws.awsErrorDetails().errorCode();
      String message = aws.awsErrorDetails().errorMessage();
      return new LaunchOutcome.Rejected(
          code == null ? "HTTP " + aws.statusCode() : code,
          message == null ? String.valueOf(aws.getMessage()) : message,
          code != null && RETRYABLE.contains(code),
          DrsClients.retryAfterSeconds(aws),
          startedJobIds);
    }
    boolean network = causedByIo(error);
    return new LaunchOutcome.Rejected(
        network ? NETWORK_ERROR : "ClientError",
        String.valueOf(error.getMessage()),
        network,
        null,
        startedJobIds);
  }

  private static AwsServiceException serviceError(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof AwsServiceException aws) {
        return aws;
      }
    }
    return null;
  }

  private static boolean causedByIo(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof IOException) {
        return true;
      }
    }
    return false;
  }
}
