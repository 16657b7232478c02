package io.drsorch.plans.http;

import io.drsorch.plans.validation.ValidationError;
import java.util.List;

/** A request body that cannot be accepted; answered 400 with every field error. */
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
