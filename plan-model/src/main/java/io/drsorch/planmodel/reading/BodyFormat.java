package io.drsorch.planmodel.reading;

import io.drsorch.planmodel.validation.Formats;
import java.util.Locale;
import java.util.Optional;

/**
 * The two formats a plan or group may come in. plan-service tells a request body's by its
 * Content-Type alone: a body is never sniffed, so what a client declares is what is parsed (a
 * browser form or a {@code text/plain} body, which a page of another site can send without asking,
 * is never taken for a plan). drctl tells a file's by its name.
 */
public enum BodyFormat {
  JSON("application/json"),
  YAML("application/yaml");

  /** What a 415 answer names. */
  public static final String ACCEPTED = "application/json or application/yaml";

  private final String mediaType;

  BodyFormat(String mediaType) {
    this.mediaType = mediaType;
  }

  public String mediaType() {
    return mediaType;
  }

  /**
   * The format of a Content-Type header ({@code application/json; charset=UTF-8} is JSON), empty
   * for any other type or none.
   */
  public static Optional<BodyFormat> of(String contentType) {
    if (contentType == null) {
      return Optional.empty();
    }
    int parameters = contentType.indexOf(';');
    String type =
        (parameters < 0 ? contentType : contentType.substring(0, parameters))
            .trim()
            .toLowerCase(Locale.ROOT);
    for (BodyFormat format : values()) {
      if (format.mediaType.equals(type)) {
        return Optional.of(format);
      }
    }
    return Optional.empty();
  }

  /** The 415 answer's message for a body of {@code contentType}. */
  public static String unsupported(String contentType) {
    String declared =
        contentType == null || contentType.isBlank()
            ? "a request body without a Content-Type"
            : "Content-Type '" + Formats.shown(contentType) + "'";
    return declared + " is not accepted: send " + ACCEPTED;
  }
}
