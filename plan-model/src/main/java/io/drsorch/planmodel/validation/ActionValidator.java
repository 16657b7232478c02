package io.drsorch.planmodel.validation;

import io.drsorch.schemas.limits.ActionLimits;
import io.drsorch.schemas.limits.IdFormats;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks a wave's before and after actions: each names what it runs, within limits the services can
 * hold, and refers only to what exists when it runs (a before action has no recovery instances
 * yet). Every error is at the action's field path, e.g. {@code waves[0].after[1].url}.
 */
final class ActionValidator {

  static final int MAX_ACTIONS = ActionLimits.MAX_ACTIONS;

  static final int MAX_PARAMETERS = ActionLimits.MAX_PARAMETERS;
  static final int MAX_PARAMETER_VALUES = ActionLimits.MAX_PARAMETER_VALUES;
  static final int MAX_VALUE_LENGTH = ActionLimits.MAX_VALUE_LENGTH;

  static final String INSTANCES = "recoveryInstanceIds";
  static final String EXECUTION = "executionId";

  /** SSM's own rule for a document name. */
  private static final Pattern DOCUMENT_NAME = Pattern.compile("[a-zA-Z0-9_\\-.:/]{3,128}");

  private static final Pattern DOCUMENT_VERSION = Pattern.compile("(\\$DEFAULT|\\$LATEST|[0-9]+)");
  private static final Pattern PARAMETER_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,128}");
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([^}]*?)\\s*\\}\\}");

  private ActionValidator() {}

  static void check(String path, String label, WaveDraft wave, BoundedErrors errors) {
    Set<String> names = new HashSet<>();
    checkPhase(path + ".before", label, wave.before(), false, names, errors);
    checkPhase(path + ".after", label, wave.after(), true, names, errors);
  }

  private static void checkPhase(
      String path,
      String label,
      List<ActionDraft> actions,
      boolean after,
      Set<String> names,
      BoundedErrors errors) {
    if (actions.size() > MAX_ACTIONS) {
      errors.add(
          path,
          () ->
              "wave '"
                  + label
                  + "' lists "
                  + actions.size()
                  + " actions here; at most "
                  + MAX_ACTIONS);
      return;
    }
    for (int i = 0; i < actions.size(); i++) {
      String at = path + "[" + i + "]";
      ActionDraft action = actions.get(i);
      if (action == null) {
        errors.add(at, () -> "an action must be an object");
        continue;
      }
      checkName(at, label, action, names, errors);
      checkMinutes(at, action.timeoutMinutes(), errors);
      checkOnFailure(at, action.onFailure(), errors);
      if (Formats.isBlank(action.type())) {
        errors.add(at + ".type", () -> "type is required: SSM_AUTOMATION or HTTP_CHECK");
      } else if (action.type().equals("SSM_AUTOMATION")) {
        checkAutomation(at, action, after, errors);
      } else if (action.type().equals("HTTP_CHECK")) {
        checkHttp(at, action, errors);
      } else {
        errors.add(
            at + ".type",
            () ->
                "unknown action type '"
                    + Formats.shown(action.type())
                    + "': use SSM_AUTOMATION or HTTP_CHECK");
      }
    }
  }

  private static void checkName(
      String at, String label, ActionDraft action, Set<String> names, BoundedErrors errors) {
    if (Formats.isBlank(action.name())) {
      errors.add(at + ".name", () -> "name is required");
    } else if (!IdFormats.isId(action.name())) {
      errors.add(at + ".name", () -> Formats.malformedId("action", action.name()));
    } else if (!names.add(action.name())) {
      errors.add(
          at + ".name", () -> "wave '" + label + "' has two actions named '" + action.name() + "'");
    }
  }

  private static void checkMinutes(String at, Integer minutes, BoundedErrors errors) {
    if (minutes != null && (minutes < 1 || minutes > 1440)) {
      errors.add(
          at + ".timeoutMinutes",
          () -> "timeoutMinutes must be between 1 and 1440, got " + minutes);
    }
  }

  private static void checkOnFailure(String at, String onFailure, BoundedErrors errors) {
    if (onFailure != null && !onFailure.equals("FAIL_WAVE") && !onFailure.equals("CONTINUE")) {
      errors.add(
          at + ".onFailure",
          () ->
              "unknown onFailure '"
                  + Formats.shown(onFailure)
                  + "': use FAIL_WAVE (the default) or CONTINUE");
    }
  }

  private static void checkAutomation(
      String at, ActionDraft action, boolean after, BoundedErrors errors) {
    if (Formats.isBlank(action.documentName())) {
      errors.add(at + ".documentName", () -> "an SSM_AUTOMATION action needs a documentName");
    } else if (!DOCUMENT_NAME.matcher(action.documentName()).matches()) {
      errors.add(
          at + ".documentName",
          () ->
              "malformed SSM document name '"
                  + Formats.shown(action.documentName())
                  + "': 3 to 128 letters, digits, '_', '-', '.', ':' or '/'");
    }
    if (action.documentVersion() != null
        && !DOCUMENT_VERSION.matcher(action.documentVersion()).matches()) {
      errors.add(
          at + ".documentVersion",
          () ->
              "malformed document version '"
                  + Formats.shown(action.documentVersion())
                  + "': a number, $DEFAULT or $LATEST");
    }
    onlyFor(at, "url", action.url() != null, "HTTP_CHECK", errors);
    onlyFor(at, "expectStatus", action.expectStatus() != null, "HTTP_CHECK", errors);
    onlyFor(at, "intervalSeconds", action.intervalSeconds() != null, "HTTP_CHECK", errors);
    checkParameters(at, action.parameters(), after, errors);
  }

  private static void checkParameters(
      String at, Map<String, List<String>> parameters, boolean after, BoundedErrors errors) {
    if (parameters.size() > MAX_PARAMETERS) {
      errors.add(
          at + ".parameters", () -> parameters.size() + " parameters; at most " + MAX_PARAMETERS);
      return;
    }
    for (Map.Entry<String, List<String>> p : parameters.entrySet()) {
      String where = at + ".parameters." + Formats.shown(p.getKey());
      if (!PARAMETER_NAME.matcher(p.getKey()).matches()) {
        errors.add(where, () -> "malformed parameter name '" + Formats.shown(p.getKey()) + "'");
        continue;
      }
      List<String> values = p.getValue() == null ? List.of() : p.getValue();
      if (values.size() > MAX_PARAMETER_VALUES) {
        errors.add(where, () -> values.size() + " values; at most " + MAX_PARAMETER_VALUES);
        continue;
      }
      for (int j = 0; j < values.size(); j++) {
        checkValue(where + "[" + j + "]", values.get(j), after, errors);
      }
    }
  }

  private static void checkValue(String where, String value, boolean after, BoundedErrors errors) {
    if (value == null) {
      errors.add(where, () -> "a parameter value must be a string");
      return;
    }
    if (value.length() > MAX_VALUE_LENGTH) {
      errors.add(
          where, () -> "a value of " + value.length() + " characters; at most " + MAX_VALUE_LENGTH);
      return;
    }
    Matcher m = PLACEHOLDER.matcher(value);
    while (m.find()) {
      String name = m.group(1);
      if (name.equals(INSTANCES) && !after) {
        errors.add(
            where,
            () ->
                "{{recoveryInstanceIds}} is known only after the wave launched: use it in an"
                    + " after action");
      } else if (!name.equals(INSTANCES) && !name.equals(EXECUTION)) {
        errors.add(
            where,
            () ->
                "unknown placeholder {{"
                    + Formats.shown(name)
                    + "}}: use {{recoveryInstanceIds}} or {{executionId}}");
      }
    }
  }

  private static void checkHttp(String at, ActionDraft action, BoundedErrors errors) {
    String url = action.url();
    if (Formats.isBlank(url)) {
      errors.add(at + ".url", () -> "an HTTP_CHECK action needs a url");
    } else if (url.length() > ActionLimits.MAX_URL_LENGTH) {
      errors.add(
          at + ".url",
          () -> "a url of " + url.length() + " characters; at most " + ActionLimits.MAX_URL_LENGTH);
    } else if (!ActionLimits.isHttpUrl(url)) {
      errors.add(
          at + ".url",
          () -> "malformed url '" + Formats.shown(url) + "': an absolute http or https URL");
    }
    Integer status = action.expectStatus();
    if (status != null && !ActionLimits.isHttpStatus(status)) {
      errors.add(at + ".expectStatus", () -> "expectStatus must be an HTTP status, got " + status);
    }
    Integer interval = action.intervalSeconds();
    if (interval != null && !ActionLimits.isInterval(interval)) {
      errors.add(
          at + ".intervalSeconds",
          () ->
              "intervalSeconds must be between 1 and "
                  + ActionLimits.MAX_INTERVAL_SECONDS
                  + ", got "
                  + interval);
    }
    onlyFor(at, "documentName", action.documentName() != null, "SSM_AUTOMATION", errors);
    onlyFor(at, "documentVersion", action.documentVersion() != null, "SSM_AUTOMATION", errors);
    onlyFor(at, "parameters", !action.parameters().isEmpty(), "SSM_AUTOMATION", errors);
  }

  /** A field of the other type is refused: it would be silently ignored otherwise. */
  private static void onlyFor(
      String at, String field, boolean present, String type, BoundedErrors errors) {
    if (present) {
      errors.add(at + "." + field, () -> field + " applies only to " + type + " actions");
    }
  }
}
