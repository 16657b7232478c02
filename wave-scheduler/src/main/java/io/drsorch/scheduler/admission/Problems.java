package io.drsorch.scheduler.admission;

import io.drsorch.schemas.limits.PlanLimits;
import java.util.ArrayList;
import java.util.List;

/**
 * The problems found in one request, bounded: a hostile request can have tens of thousands, and the
 * reason that lists them goes into the REJECTED view and the history. The first {@link
 * PlanLimits#MAX_ERRORS} are listed, each cut to {@link PlanLimits#MAX_ERROR_MESSAGE_LENGTH}
 * characters; the rest are only counted.
 */
final class Problems {

  /** Longest piece of a rejected value that a message repeats (as plan-service shows them). */
  private static final int SHOWN_LENGTH = 80;

  private static final String CUT_MARKER = "...";

  private final List<String> listed = new ArrayList<>();
  private int unlisted;

  void add(String message) {
    if (listed.size() < PlanLimits.MAX_ERRORS) {
      listed.add(cut(message));
    } else {
      unlisted++;
    }
  }

  boolean isEmpty() {
    return listed.isEmpty();
  }

  /** The listed problems, and a last line counting the others when there are more. */
  List<String> toList() {
    List<String> all = new ArrayList<>(listed);
    if (unlisted > 0) {
      all.add("... and " + unlisted + " more errors");
    }
    return List.copyOf(all);
  }

  /** A value as a message repeats it: its head, when it is long. */
  static String shown(String value) {
    if (value == null || value.length() <= SHOWN_LENGTH) {
      return value;
    }
    return value.substring(0, SHOWN_LENGTH) + "... (" + value.length() + " characters)";
  }

  private static String cut(String message) {
    int max = PlanLimits.MAX_ERROR_MESSAGE_LENGTH;
    if (message.length() <= max) {
      return message;
    }
    return message.substring(0, max - CUT_MARKER.length()) + CUT_MARKER;
  }
}
