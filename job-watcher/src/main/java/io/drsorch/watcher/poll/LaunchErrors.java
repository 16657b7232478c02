package io.drsorch.watcher.poll;

import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.drs.DrsClient;
import software.amazon.awssdk.services.drs.model.DescribeJobLogItemsResponse;
import software.amazon.awssdk.services.drs.model.JobLog;
import software.amazon.awssdk.services.drs.model.JobLogEvent;

/**
 * Why servers of a job failed to launch, in DRS's own words: the {@code rawError} of the job log's
 * LAUNCH_FAILED events. Read only for jobs that ended with a failed server.
 */
public final class LaunchErrors {

  private LaunchErrors() {}

  /** rawError by source server id; the last LAUNCH_FAILED event of a server wins. */
  public static Map<String, String> of(DrsClient drs, String jobId) {
    Map<String, String> errors = new HashMap<>();
    String token = null;
    do {
      String page = token;
      DescribeJobLogItemsResponse response =
          drs.describeJobLogItems(r -> r.jobID(jobId).nextToken(page));
      for (JobLog log : response.items()) {
        if (log.event() == JobLogEvent.LAUNCH_FAILED
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
