package io.drsorch.simulator.events;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * One source server's launch result in one job, and the EventBridge event DRS publishes for it
 * ({@code DRS Source Server Launch Result}, one per server; DRS has no job-level event).
 *
 * @param occurredAt when the server's launch status became LAUNCHED or FAILED
 */
public record LaunchResult(
    String region,
    String accountId,
    String jobId,
    boolean drill,
    String sourceServerId,
    boolean launched,
    Instant occurredAt) {

  public static final String DETAIL_TYPE = "DRS Source Server Launch Result";
  public static final String SOURCE = "aws.drs";
  public static final String SUCCEEDED = "RECOVERY_LAUNCH_SUCCEEDED";
  public static final String FAILED = "RECOVERY_LAUNCH_FAILED";

  public String sourceServerArn() {
    return "arn:aws:drs:" + region + ":" + accountId + ":source-server/" + sourceServerId;
  }

  /**
   * The standard EventBridge envelope, fields in EventBridge's order; {@code time} has seconds
   * precision as EventBridge writes it.
   */
  public ObjectNode envelope(UUID eventId) {
    ObjectNode event = JsonNodeFactory.instance.objectNode();
    event.put("version", "0");
    event.put("id", eventId.toString());
    event.put("detail-type", DETAIL_TYPE);
    event.put("source", SOURCE);
    event.put("account", accountId);
    event.put("time", occurredAt.truncatedTo(ChronoUnit.SECONDS).toString());
    event.put("region", region);
    event.putArray("resources").add(sourceServerArn());
    ObjectNode detail = event.putObject("detail");
    detail.put("state", launched ? SUCCEEDED : FAILED);
    detail.put("job-id", jobId);
    detail.put("is-drill", drill ? "TRUE" : "FALSE");
    return event;
  }
}
