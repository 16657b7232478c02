package io.drsorch.watcher.poll;

import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.drs.DrsClient;
import software.amazon.awssdk.services.drs.model.DescribeJobLogItemsResponse;
import software.amazon.awssdk.services.drs.model.JobLog;
import software.amazon.awssdk.services.drs.model.JobLogEvent;

/**
 * Why servers of a job failed, in DRS's own words: the {@code rawError} of the job log's failure
 * events. Read only for jobs that ended with a server that did not make it: a launch job's
 * LAUNCH_FAILED, a TERMINATE job's CLEANUP_FAIL (termination is logged as a clean-up).
 */
public final class JobLogErrors {

  private JobLogErrors() {}

  /** rawError of the launches that failed, by source server id. */
  public static Map<String, String> launchFailures(DrsClient drs, String jobId) {
    return of(drs, jobId, JobLogEvent.LAUNCH_FAILED);
  }

  /** rawError of the terminations (clean-ups) that failed, by source server id. */
  public static Map<String, String> terminationFailures(DrsClient drs, String jobId) {
    return of(drs, jobId, JobLogEvent.CLEANUP_FAIL);
  }

  /** rawError by source server id; the last such event of a server wins. */
  private static Map<String, String> of(DrsClient drs, String jobId, JobLogEvent failure) {
    Map<String, String> errors = new HashMap<>();
    String token = null;
    do {
      String page = token;
      DescribeJobLogItemsResponse response =
          drs.describeJobLogItems(r -> r.jobID(jobId).nextToken(page));
      for (JobLog log : response.items()) {
        if (log.event() == failure
            && log.eventData() != null
            && log.eventData().sourceServerID() != null
            && log.eventData().rawError() != null) {
          errors.put(log.eventData().sourceServerID(), log.eventData().rawError());
        }
      }
      token = response.nextToken();
    } while (token != null && !token.isEmpty());
    return errors;
  }
}
