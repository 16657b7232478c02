package io.drsorch.planmodel.validation;

import io.drsorch.schemas.limits.PlanLimits;

/**
 * One problem with a request body.
 *
 * <p>Both parts are cut to {@link PlanLimits#MAX_ERROR_MESSAGE_LENGTH} characters: they may echo
 * what a client sent (a field name, an id), and an error answer must never grow with the garbage
 * that caused it.
 *
 * @param path where it is, e.g. {@code waves[1].dependsOn[0]}; empty when it concerns the whole
 *     body (e.g. malformed JSON)
 * @param message what is wrong, in words a user can act on
 */
public record ValidationError(String path, String message) {

  static final String CUT_MARKER = "...";

  public ValidationError {
    path = cut(path);
    message = cut(message);
  }

  private static String cut(String text) {
    int max = PlanLimits.MAX_ERROR_MESSAGE_LENGTH;
    if (text == null || text.length() <= max) {
      return text;
    }
    return text.substring(0, max - CUT_MARKER.length()) + CUT_MARKER;
  }
}
