package io.drsorch.watcher.admission;

import io.drsorch.avro.ActionType;
import io.drsorch.avro.JobStatusChanged;
import io.drsorch.avro.ServerLaunch;
import io.drsorch.avro.TerminationEnded;
import io.drsorch.avro.TerminationStarted;
import io.drsorch.avro.WaveAction;
import io.drsorch.avro.WaveActionEnded;
import io.drsorch.avro.WaveActionStarted;
import io.drsorch.avro.WaveCompleted;
import io.drsorch.avro.WaveFailed;
import io.drsorch.avro.WaveLaunched;
import io.drsorch.schemas.limits.ActionLimits;
import io.drsorch.schemas.limits.IdFormats;
import io.drsorch.schemas.limits.PlanLimits;
import io.drsorch.schemas.limits.Problems;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Checks the wave events the watcher acts on before they change what it watches. The launcher only
 * reports waves it checked, but anyone who may write to drs.wave-events can produce a WaveLaunched:
 * one naming a hundred thousand jobs, or ids DRS never made, must not make the watcher poll, hold
 * and report unbounded things. The bounds are {@link PlanLimits}'s: a wave has at most {@link
 * PlanLimits#MAX_SERVERS} servers, and a DRS job at least one server, so no more jobs than that.
 *
 * <p>Only what the watcher reads is checked: all of a WaveLaunched and of a TerminationStarted, the
 * job and servers of a JobStatusChanged, the attempt a WaveCompleted or WaveFailed ends, the
 * request a TerminationEnded ends, what following a WaveActionStarted needs (its target, its SSM
 * automation, or the URL the watcher will ask: only absolute http or https URLs, at the intervals
 * and with the statuses a plan may have), the action a WaveActionEnded ends. Other event types
 * change nothing here. A drill's cleanup terminates at most the instances of one execution's
 * servers, hence the same bounds.
 */
public final class EventCheck {

  /** Characters in a requestId, which is {@code executionId/waveId/attempt}. */
  static final int MAX_REQUEST_ID_LENGTH = 2 * PlanLimits.MAX_ID_LENGTH + 12;

  /**
   * Characters in a termination's requestId, {@code executionId/cleanup/region/account}: an id, a
   * region of at most 25 characters and an account id of 12 digits (or "own"), and separators.
   */
  static final int MAX_TERMINATION_REQUEST_ID_LENGTH = PlanLimits.MAX_ID_LENGTH + 50;

  /** An EC2 instance id, which is what DRS names a recovery instance by. */

  /**
   * Characters in an action's requestId, {@code executionId/waveId/attempt/PHASE/index}: two ids,
   * an attempt and an index of at most 10 digits each, a phase, and separators.
   */
  static final int MAX_ACTION_REQUEST_ID_LENGTH = 2 * PlanLimits.MAX_ID_LENGTH + 32;

  /** SSM's automation execution ids are UUIDs; a little room beyond, nothing unbounded. */
  static final int MAX_AUTOMATION_EXECUTION_ID_LENGTH = 64;

  private EventCheck() {}

  /** The problems of an event (the union member of a WaveEvent); empty when it may be applied. */
  public static Problems of(Object event) {
    Problems problems = new Problems();
    if (event instanceof WaveLaunched launched) {
      launched(problems, launched);
    } else if (event instanceof JobStatusChanged changed) {
      attempt(problems, changed.getExecutionId(), changed.getWaveId(), changed.getAttempt());
      jobId(problems, "jobId", changed.getJobId());
      servers(problems, changed.getServers());
    } else if (event instanceof WaveCompleted completed) {
      attempt(problems, completed.getExecutionId(), completed.getWaveId(), completed.getAttempt());
    } else if (event instanceof WaveFailed failed) {
      attempt(problems, failed.getExecutionId(), failed.getWaveId(), failed.getAttempt());
    } else if (event instanceof TerminationStarted started) {
      terminationStarted(problems, started);
    } else if (event instanceof TerminationEnded ended) {
      problems.checkId("executionId", ended.getExecutionId());
      problems.checkLength("requestId", ended.getRequestId(), MAX_TERMINATION_REQUEST_ID_LENGTH);
    } else if (event instanceof WaveActionStarted started) {
      actionStarted(problems, started);
    } else if (event instanceof WaveActionEnded ended) {
      problems.checkId("executionId", ended.getExecutionId());
      problems.checkLength("requestId", ended.getRequestId(), MAX_ACTION_REQUEST_ID_LENGTH);
    }
    return problems;
  }

  private static void actionStarted(Problems problems, WaveActionStarted started) {
    problems.checkLength("id", started.getId(), PlanLimits.MAX_ID_LENGTH);
    problems.checkId("executionId", started.getExecutionId());
    problems.checkId("waveId", started.getWaveId());
    problems.checkLength("requestId", started.getRequestId(), MAX_ACTION_REQUEST_ID_LENGTH);
    if (started.getIndex() < 0) {
      problems.add("index", "must be 0 or more, got " + started.getIndex());
    }
    if (!IdFormats.isRegion(started.getRegion())) {
      problems.add("region", "not an AWS region: " + Problems.shown(started.getRegion()));
    }
    account(problems, started.getAccountId(), started.getRoleArn());
    WaveAction action = started.getAction();
    if (action.getType() == ActionType.SSM_AUTOMATION) {
      String id = started.getAutomationExecutionId();
      if (id == null || id.isBlank()) {
        problems.add("automationExecutionId", "an SSM_AUTOMATION needs its automation's id");
      } else {
        problems.checkLength("automationExecutionId", id, MAX_AUTOMATION_EXECUTION_ID_LENGTH);
      }
      return;
    }
    ActionLimits.checkHttpCheck(problems, action);
  }

  /**
   * A TerminationStarted may have no job (every instance already gone); otherwise no more jobs than
   * instances, since each TERMINATE job terminates at least one.
   */
  private static void terminationStarted(Problems problems, TerminationStarted started) {
    problems.checkLength("id", started.getId(), PlanLimits.MAX_ID_LENGTH);
    problems.checkId("executionId", started.getExecutionId());
    problems.checkLength("requestId", started.getRequestId(), MAX_TERMINATION_REQUEST_ID_LENGTH);
    if (!IdFormats.isRegion(started.getRegion())) {
      problems.add("region", "not an AWS region: " + Problems.shown(started.getRegion()));
    }
    account(problems, started.getAccountId(), started.getRoleArn());
    List<String> instances = started.getRecoveryInstanceIds();
    if (count(problems, "recoveryInstanceIds", instances.size(), "instances")) {
      distinct(
          problems,
          "recoveryInstanceIds",
          instances,
          IdFormats::isRecoveryInstanceId,
          "recovery instance");
    }
    List<String> gone = started.getAlreadyGone();
    if (count(problems, "alreadyGone", gone.size(), "instances")) {
      distinct(problems, "alreadyGone", gone, IdFormats::isRecoveryInstanceId, "recovery instance");
    }
    List<String> jobs = started.getJobIds();
    if (count(problems, "jobIds", jobs.size(), "jobs")) {
      distinct(problems, "jobIds", jobs, IdFormats::isJobId, "DRS job");
      if (jobs.size() > instances.size()) {
        problems.add(
            "jobIds",
            jobs.size() + " jobs for " + instances.size() + " instances: each job has an instance");
      }
    }
  }

  private static void launched(Problems problems, WaveLaunched launched) {
    problems.checkLength("id", launched.getId(), PlanLimits.MAX_ID_LENGTH);
    attempt(problems, launched.getExecutionId(), launched.getWaveId(), launched.getAttempt());
    problems.checkLength("requestId", launched.getRequestId(), MAX_REQUEST_ID_LENGTH);
    if (!IdFormats.isRegion(launched.getRegion())) {
      problems.add("region", "not an AWS region: " + Problems.shown(launched.getRegion()));
    }
    account(problems, launched.getAccountId(), launched.getRoleArn());
    List<String> servers = launched.getSourceServerIds();
    // Older launchers did not list the servers: none is allowed, and then says nothing.
    if (count(problems, "sourceServerIds", servers.size(), "servers")) {
      distinct(problems, "sourceServerIds", servers, IdFormats::isSourceServerId, "source server");
    }
    List<String> jobs = launched.getJobIds();
    if (jobs.isEmpty()) {
      problems.add("jobIds", "a launched wave has at least one job");
    } else if (count(problems, "jobIds", jobs.size(), "jobs")) {
      distinct(problems, "jobIds", jobs, IdFormats::isJobId, "DRS job");
      if (!servers.isEmpty() && jobs.size() > servers.size()) {
        problems.add(
            "jobIds",
            jobs.size() + " jobs for " + servers.size() + " servers: each job has a server");
      }
    }
  }

  private static void attempt(Problems problems, String executionId, String waveId, int attempt) {
    problems.checkId("executionId", executionId);
    problems.checkId("waveId", waveId);
    if (attempt < 1) {
      problems.add("attempt", "must be 1 or more, got " + attempt);
    }
  }

  private static void servers(Problems problems, List<ServerLaunch> servers) {
    if (!count(problems, "servers", servers.size(), "servers")) {
      return;
    }
    for (int i = 0; i < servers.size(); i++) {
      ServerLaunch server = servers.get(i);
      String path = "servers[" + i + "]";
      if (!IdFormats.isSourceServerId(server.getSourceServerId())) {
        problems.add(
            path + ".sourceServerId",
            "not a source server id: " + Problems.shown(server.getSourceServerId()));
      }
      if (server.getRecoveryInstanceId() != null) {
        problems.checkLength(
            path + ".recoveryInstanceId", server.getRecoveryInstanceId(), PlanLimits.MAX_ID_LENGTH);
      }
      if (server.getJobId() != null) {
        jobId(problems, path + ".jobId", server.getJobId());
      }
    }
  }

  /** True when there are at most {@link PlanLimits#MAX_SERVERS}: each is worth checking. */
  private static boolean count(Problems problems, String path, int count, String what) {
    if (count > PlanLimits.MAX_SERVERS) {
      problems.add(path, count + " " + what + ", at most " + PlanLimits.MAX_SERVERS + " in a wave");
      return false;
    }
    return true;
  }

  private static void distinct(
      Problems problems,
      String path,
      List<String> values,
      java.util.function.Predicate<String> wellFormed,
      String what) {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < values.size(); i++) {
      String value = values.get(i);
      if (!wellFormed.test(value)) {
        problems.add(path + "[" + i + "]", "not a " + what + " id: " + Problems.shown(value));
      } else if (!seen.add(value)) {
        problems.add(path + "[" + i + "]", value + " is listed twice");
      }
    }
  }

  private static void jobId(Problems problems, String path, String value) {
    if (!IdFormats.isJobId(value)) {
      problems.add(
          path, "not a DRS job id (drsjob- and 17 letters or digits): " + Problems.shown(value));
    }
  }

  private static void account(Problems problems, String account, String role) {
    if (account != null && !IdFormats.isAccountId(account)) {
      problems.add("accountId", "not an AWS account id (12 digits): " + Problems.shown(account));
    }
    if (role != null && IdFormats.accountOfRoleArn(role) == null) {
      problems.add("roleArn", "not an IAM role ARN: " + Problems.shown(role));
    }
  }
}
