package io.drsorch.drsclient;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** DRS's timestamps, which the SDK hands over as the strings DRS sent. */
public final class DrsTimestamps {

  private DrsTimestamps() {}

  /**
   * An ISO-8601 timestamp as DRS sends it, ending in {@code Z} or in an offset such as {@code
   * +00:00}; null when missing or unreadable.
   */
  public static Instant instant(String timestamp) {
    if (timestamp == null || timestamp.isBlank()) {
      return null;
    }
    try {
      return OffsetDateTime.parse(timestamp).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
