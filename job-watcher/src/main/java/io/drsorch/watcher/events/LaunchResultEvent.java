package io.drsorch.watcher.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.regex.Pattern;

/**
 * Reads the one thing the watcher needs from an EventBridge {@code DRS Source Server Launch Result}
 * event: the job it is about. The envelope is EventBridge's standard one ({@code source}, {@code
 * detail-type}, {@code detail}); the rest ({@code state}, {@code time}, ...) is not trusted: the
 * watcher reads what happened with DescribeJobs.
 */
final class LaunchResultEvent {

  static final String SOURCE = "aws.drs";
  static final String DETAIL_TYPE = "DRS Source Server Launch Result";
  private static final Pattern JOB_ID = Pattern.compile("drsjob-[0-9a-zA-Z]{17}");
  private static final ObjectMapper JSON = new ObjectMapper();

  private LaunchResultEvent() {}

  /** The event's {@code detail.job-id}; throws with a reason fit for the sender otherwise. */
  static String jobId(byte[] body) {
    JsonNode event;
    try {
      event = JSON.readTree(body);
    } catch (IOException e) {
      throw new Malformed("body is not valid JSON");
    }
    if (event == null || !event.isObject()) {
      throw new Malformed("body is not a JSON object");
    }
    requireText(event, "source", SOURCE);
    requireText(event, "detail-type", DETAIL_TYPE);
    JsonNode detail = event.get("detail");
    if (detail == null || !detail.isObject()) {
      throw new Malformed("detail must be an object");
    }
    JsonNode jobId = detail.get("job-id");
    if (jobId == null || !jobId.isTextual() || !JOB_ID.matcher(jobId.asText()).matches()) {
      throw new Malformed("detail.job-id must be a DRS job id (drsjob- and 17 letters or digits)");
    }
    return jobId.asText();
  }

  private static void requireText(JsonNode event, String field, String expected) {
    JsonNode value = event.get(field);
    if (value == null || !value.isTextual() || !expected.equals(value.asText())) {
      throw new Malformed(field + " must be \"" + expected + "\"");
    }
  }

  /** The body is not such an event; the message says why, without echoing the body. */
  static final class Malformed extends RuntimeException {
    Malformed(String reason) {
      super(reason);
    }
  }
}
