package io.drsorch.launcher.action;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An automation's parameters with the plan's placeholders filled in, as sent to SSM and recorded in
 * WaveActionStarted. {@code {{recoveryInstanceIds}}} as a whole value stands for one value per
 * recovery instance of the wave (what a document parameter of type StringList wants); inside a
 * longer value for the ids joined with commas. {@code {{executionId}}} stands for the execution's
 * id. Spaces inside the braces are allowed, as in SSM's own placeholders; anything else is left as
 * written (the plan's validation refuses unknown placeholders).
 *
 * <p>The result depends only on the command: a command read again fills in the same values, which
 * SSM requires of a start repeated with the same client token.
 */
public final class AutomationParameters {

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([^}]*?)\\s*\\}\\}");
  private static final String INSTANCES = "recoveryInstanceIds";
  private static final String EXECUTION = "executionId";

  private AutomationParameters() {}

  /** The parameters filled in, by name in alphabetical order. */
  public static Map<String, List<String>> filled(
      Map<String, List<String>> parameters, String executionId, List<String> instanceIds) {
    Map<String, List<String>> filled = new LinkedHashMap<>();
    for (Map.Entry<String, List<String>> parameter : new TreeMap<>(parameters).entrySet()) {
      List<String> values = new ArrayList<>();
      for (String value : parameter.getValue()) {
        Matcher whole = PLACEHOLDER.matcher(value.strip());
        if (whole.matches() && whole.group(1).equals(INSTANCES)) {
          values.addAll(instanceIds);
        } else {
          values.add(within(value, executionId, instanceIds));
        }
      }
      filled.put(parameter.getKey(), List.copyOf(values));
    }
    return filled;
  }

  private static String within(String value, String executionId, List<String> instanceIds) {
    Matcher m = PLACEHOLDER.matcher(value);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String name = m.group(1);
      String replacement =
          name.equals(INSTANCES)
              ? String.join(",", instanceIds)
              : name.equals(EXECUTION) ? executionId : m.group();
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(out);
    return out.toString();
  }
}
