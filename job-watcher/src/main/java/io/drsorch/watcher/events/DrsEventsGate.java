package io.drsorch.watcher.events;

import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@code POST /events/drs} answers, whatever serves it: where an EventBridge rule's API
 * destination delivers DRS {@code Source Server Launch Result} events. An event only says "look at
 * this job now"; the watcher then reads it with DescribeJobs, so a forged-but-authenticated,
 * duplicate, late or lost event changes at most when a job's end is seen, never what is recorded.
 *
 * <ul>
 *   <li>404 when no API key is configured: the endpoint is disabled;
 *   <li>401 without the shared secret in the configured header (checked before the body is read);
 *   <li>413 for a body over {@link #MAX_BODY_BYTES}; 400 with a JSON reason for anything but a
 *       launch-result event with a DRS job id;
 *   <li>202 otherwise: {@code "polling"} when this instance watches the job (a DescribeJobs follows
 *       on the poller thread, never on this one), {@code "ignored"} for a job it does not watch
 *       (unknown, already completed, or on a partition another instance owns: polling covers it).
 * </ul>
 */
public final class DrsEventsGate {

  public static final String PATH = "/events/drs";

  /** EventBridge events are at most 256 KiB; a launch result is well under 1 KiB. */
  public static final int MAX_BODY_BYTES = 64 * 1024;

  private static final Logger LOG = LoggerFactory.getLogger(DrsEventsGate.class);

  private final String apiKeyHeader;
  private final ApiKey apiKey;
  private final Predicate<String> lookNow;

  /**
   * @param apiKeyHeader the header carrying the secret
   * @param apiKey the secret; null disables the endpoint
   * @param lookNow asks for an immediate poll of a job id, true when it is watched here; must not
   *     block
   */
  public DrsEventsGate(String apiKeyHeader, String apiKey, Predicate<String> lookNow) {
    this.apiKeyHeader = apiKeyHeader;
    this.apiKey = apiKey == null || apiKey.isBlank() ? null : new ApiKey(apiKey);
    this.lookNow = lookNow;
  }

  public boolean enabled() {
    return apiKey != null;
  }

  /** The header the secret is expected in. */
  public String apiKeyHeader() {
    return apiKeyHeader;
  }

  /** The answer, status and JSON body. */
  public record Answer(int status, String json) {}

  /** Whether a request may go on to have its body read: the endpoint enabled, the secret right. */
  public Answer admit(String presentedKey) {
    if (apiKey == null) {
      return new Answer(404, error("disabled"));
    }
    if (!apiKey.matches(presentedKey)) {
      return new Answer(401, error("missing or wrong " + apiKeyHeader));
    }
    return null;
  }

  /** The answer to an admitted request's body; null means it was over {@link #MAX_BODY_BYTES}. */
  public Answer answer(byte[] body) {
    if (body == null) {
      return new Answer(413, error("body larger than " + MAX_BODY_BYTES + " bytes"));
    }
    String jobId;
    try {
      jobId = LaunchResultEvent.jobId(body);
    } catch (LaunchResultEvent.Malformed e) {
      return new Answer(400, error(e.getMessage()));
    }
    boolean watched = lookNow.test(jobId);
    LOG.debug("launch-result event for {}: {}", jobId, watched ? "polling" : "ignored");
    return new Answer(
        202,
        "{\"jobId\":\"" + jobId + "\",\"status\":\"" + (watched ? "polling" : "ignored") + "\"}");
  }

  private static String error(String reason) {
    return "{\"error\":\"" + reason.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}";
  }
}
