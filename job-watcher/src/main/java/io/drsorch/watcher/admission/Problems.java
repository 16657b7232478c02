package io.drsorch.watcher.admission;

import io.drsorch.schemas.limits.PlanLimits;
import java.util.ArrayList;
import java.util.List;

/**
 * What is wrong with one record, bounded like the REST API's answers: a hostile record can have
 * thousands of problems, so at most {@link PlanLimits#MAX_ERRORS} are listed (the rest counted) and
 * each is cut to {@link PlanLimits#MAX_ERROR_MESSAGE_LENGTH}. The summary then stays small enough
 * to travel in an event or a dead letter's header.
 */
public final class Problems {

  /** Longest piece of a rejected value a problem repeats. */
  private static final int SHOWN_LENGTH = 80;

  private final List<String> listed = new ArrayList<>();
  private int count;

  void add(String path, String message) {
    count++;
    if (listed.size() < PlanLimits.MAX_ERRORS) {
      listed.add(cut(path + ": " + message, PlanLimits.MAX_ERROR_MESSAGE_LENGTH));
    }
  }

  public boolean isEmpty() {
    return count == 0;
  }

  /** E.g. {@code 2 problems: waveId: ...; sourceServerIds[3]: ...}. */
  public String summary() {
    StringBuilder text =
        new StringBuilder()
            .append(count)
            .append(count == 1 ? " problem: " : " problems: ")
            .append(String.join("; ", listed));
    if (count > listed.size()) {
      text.append("; and ").append(count - listed.size()).append(" more");
    }
    return text.toString();
  }

  /** A rejected value as a problem repeats it: quoted, and cut short when long. */
  static String shown(String value) {
    if (value == null) {
      return "null";
    }
    if (value.length() <= SHOWN_LENGTH) {
      return "'" + value + "'";
    }
    return "'" + value.substring(0, SHOWN_LENGTH) + "...' (" + value.length() + " characters)";
  }

  private static String cut(String text, int length) {
    return text.length() <= length ? text : text.substring(0, length - 3) + "...";
  }
}
