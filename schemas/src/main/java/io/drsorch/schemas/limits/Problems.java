package io.drsorch.schemas.limits;

import java.util.ArrayList;
import java.util.List;

/**
 * What is wrong with one record (a request, a command, an event), bounded like the REST API's
 * answers: a hostile record can have tens of thousands of problems, so at most {@link
 * PlanLimits#MAX_ERRORS} are listed (the rest counted) and each is cut to {@link
 * PlanLimits#MAX_ERROR_MESSAGE_LENGTH}. What lists them then stays small enough to travel in an
 * event, a dead letter's header, a REJECTED view or the history.
 */
public final class Problems {

  /** Longest piece of a rejected value a problem repeats. */
  private static final int SHOWN_LENGTH = 80;

  private static final String CUT_MARKER = "...";

  private final List<String> listed = new ArrayList<>();
  private int count;

  /** Adds the problem {@code path: message}. */
  public void add(String path, String message) {
    add(path + ": " + message);
  }

  /** Adds a problem whose message names its own path. */
  public void add(String message) {
    count++;
    if (listed.size() < PlanLimits.MAX_ERRORS) {
      listed.add(cut(message));
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

  /** The listed problems, and a last line counting the others when there are more. */
  public List<String> toList() {
    List<String> all = new ArrayList<>(listed);
    if (count > listed.size()) {
      all.add("... and " + (count - listed.size()) + " more errors");
    }
    return List.copyOf(all);
  }

  /**
   * Adds a problem when the value is blank or longer than {@code max} characters.
   *
   * @return true when the value is neither blank nor too long
   */
  public boolean checkLength(String path, String value, int max) {
    if (value.isBlank()) {
      add(path, "must not be empty");
      return false;
    }
    if (value.length() > max) {
      add(path, "at most " + max + " characters, got " + value.length() + ": " + shown(value));
      return false;
    }
    return true;
  }

  /** Adds a problem when the value is not an id of {@link IdFormats#isIdCharacters}'s. */
  public void checkId(String path, String value) {
    if (checkLength(path, value, PlanLimits.MAX_ID_LENGTH) && !IdFormats.isIdCharacters(value)) {
      add(path, "use letters, digits, '_' or '-' only, got " + shown(value));
    }
  }

  /** A rejected value as a problem repeats it: quoted, and cut short when long. */
  public static String shown(String value) {
    if (value == null) {
      return "null";
    }
    if (value.length() <= SHOWN_LENGTH) {
      return "'" + value + "'";
    }
    return "'" + value.substring(0, SHOWN_LENGTH) + "...' (" + value.length() + " characters)";
  }

  private static String cut(String text) {
    int max = PlanLimits.MAX_ERROR_MESSAGE_LENGTH;
    if (text.length() <= max) {
      return text;
    }
    return text.substring(0, max - CUT_MARKER.length()) + CUT_MARKER;
  }
}
