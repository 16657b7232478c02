package io.drsorch.scheduler.core;

import io.drsorch.schemas.limits.PlanLimits;

/**
 * Keeps the reasons an execution stores short. A reason often repeats what another service or a
 * user sent (a DRS error message, the job-watcher's list of every server that failed, a cancel
 * comment): kept whole, one wave of 5,000 failed servers would carry a reason of hundreds of
 * kilobytes into the execution's state, its view and its history, and the state record would
 * outgrow what the broker accepts. The view lists every server's launch status anyway, so the
 * reason's head is enough.
 */
public final class Reasons {

  /**
   * UTF-8 bytes of a reason, as its records encode it: the number of an error message's characters,
   * counted in bytes because what it bounds is the size of the records. A cancel comment in another
   * script is copied into every pending wave, and 300 characters of it can take 1,200 bytes; {@code
   * LargestState} counts on each reason taking at most this many.
   */
  public static final int MAX_BYTES = PlanLimits.MAX_ERROR_MESSAGE_LENGTH;

  private Reasons() {}

  /**
   * {@code reason} cut to at most {@link #MAX_BYTES} UTF-8 bytes, saying how long it was, and never
   * inside a character (a surrogate pair is kept or dropped whole). A cut reason is never cut again
   * (it already fits), so a state read back from the store is unchanged.
   */
  public static String cut(String reason) {
    if (reason == null || utf8Length(reason) <= MAX_BYTES) {
      return reason;
    }
    String tail = "... (" + reason.length() + " characters)"; // ASCII: one byte a character
    int budget = MAX_BYTES - tail.length();
    int end = 0;
    int used = 0;
    while (end < reason.length()) {
      int codePoint = reason.codePointAt(end);
      int bytes = utf8Length(codePoint);
      if (used + bytes > budget) {
        break;
      }
      used += bytes;
      end += Character.charCount(codePoint);
    }
    return reason.substring(0, end) + tail;
  }

  /** UTF-8 bytes of {@code s}; a lone surrogate is counted as 3 (Java writes it as 1). */
  static int utf8Length(String s) {
    int bytes = 0;
    for (int i = 0; i < s.length(); ) {
      int codePoint = s.codePointAt(i);
      bytes += utf8Length(codePoint);
      i += Character.charCount(codePoint);
    }
    return bytes;
  }

  private static int utf8Length(int codePoint) {
    if (codePoint < 0x80) {
      return 1;
    }
    if (codePoint < 0x800) {
      return 2;
    }
    return codePoint < 0x10000 ? 3 : 4;
  }
}
