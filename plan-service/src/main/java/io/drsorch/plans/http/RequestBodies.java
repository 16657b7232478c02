package io.drsorch.plans.http;

import io.drsorch.planmodel.reading.BodyFormat;
import io.drsorch.planmodel.reading.DraftReader;
import io.drsorch.planmodel.validation.InvalidRequestException;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Reads request bodies in the format their Content-Type names, with plan-model's strict {@link
 * DraftReader} (the reader drctl uses on files): the same errors, each a 400 at its field's path.
 */
@ApplicationScoped
public class RequestBodies {

  private final DraftReader reader = new DraftReader();

  /**
   * @param contentType the request's Content-Type: {@code application/json} or {@code
   *     application/yaml}, with parameters or not
   * @throws InvalidRequestException when the body is empty, malformed or has wrong types
   * @throws ApiException 415 for a body of any other content type
   */
  public <T> T read(String body, String contentType, Class<T> type) {
    return reader.read(body, format(body, contentType), type);
  }

  /** Like {@link #read}, but an empty body gives null, whatever its Content-Type. */
  public <T> T readOrNull(String body, String contentType, Class<T> type) {
    return reader.readOrNull(body, format(body, contentType), type);
  }

  /**
   * The format {@code contentType} names; none for an empty body, which the reader takes as no body
   * before it looks at a format.
   */
  private static BodyFormat format(String body, String contentType) {
    if (body == null || body.isBlank()) {
      return null;
    }
    return BodyFormat.of(contentType)
        .orElseThrow(() -> new ApiException(415, BodyFormat.unsupported(contentType)));
  }
}
