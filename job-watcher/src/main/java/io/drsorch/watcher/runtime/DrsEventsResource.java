package io.drsorch.watcher.runtime;

import io.drsorch.watcher.WatcherMetrics;
import io.drsorch.watcher.events.DrsEventsGate;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;

/**
 * {@code POST /events/drs}, served for {@link DrsEventsGate}, which decides every answer. The
 * secret is checked before the body is read, and the body is read no further than the gate's limit.
 */
@Path(DrsEventsGate.PATH)
public class DrsEventsResource {

  private final WatcherRuntime runtime;
  private final WatcherMetrics metrics = new WatcherMetrics();

  DrsEventsResource(WatcherRuntime runtime) {
    this.runtime = runtime;
  }

  /** What became of an event, as {@code drsorch_webhook_events_total} counts it. */
  private static String result(DrsEventsGate.Answer answer) {
    return switch (answer.status()) {
      case 202 -> answer.json().contains("\"polling\"") ? "polling" : "ignored";
      case 401 -> "unauthorized";
      case 400 -> "malformed";
      case 413 -> "too_large";
      case 404 -> "disabled";
      default -> "unavailable";
    };
  }

  @POST
  public Response post(@Context HttpHeaders headers, InputStream body) throws IOException {
    DrsEventsGate gate = runtime.gate();
    if (gate == null) {
      return answer(new DrsEventsGate.Answer(503, "{\"error\":\"starting\"}"));
    }
    DrsEventsGate.Answer refused = gate.admit(headers.getHeaderString(gate.apiKeyHeader()));
    if (refused != null) {
      return answer(refused);
    }
    return answer(gate.answer(bounded(headers, body)));
  }

  /** The body, or null when it is larger than allowed (by its Content-Length or in fact). */
  private static byte[] bounded(HttpHeaders headers, InputStream body) throws IOException {
    if (headers.getLength() > DrsEventsGate.MAX_BODY_BYTES) {
      return null;
    }
    byte[] bytes = body.readNBytes(DrsEventsGate.MAX_BODY_BYTES + 1);
    return bytes.length > DrsEventsGate.MAX_BODY_BYTES ? null : bytes;
  }

  private Response answer(DrsEventsGate.Answer answer) {
    metrics.webhookEvent(result(answer));
    return Response.status(answer.status())
        .type(MediaType.APPLICATION_JSON_TYPE)
        .entity(answer.json())
        .build();
  }
}
