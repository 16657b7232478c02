package io.drsorch.planmodel.validation;

import java.util.List;

/**
 * A plan, group or request body that cannot be accepted, with every field error: plan-service
 * answers it 400, drctl prints the errors under the file's name.
 */
public class InvalidRequestException extends RuntimeException {

  private final transient List<ValidationError> errors;

  public InvalidRequestException(List<ValidationError> errors) {
    super(errors.size() + " validation error(s)");
    this.errors = List.copyOf(errors);
  }

  public static InvalidRequestException of(String path, String message) {
    return new InvalidRequestException(List.of(new ValidationError(path, message)));
  }

  public List<ValidationError> errors() {
    return errors;
  }
}
