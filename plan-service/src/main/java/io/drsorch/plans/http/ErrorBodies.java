package io.drsorch.plans.http;

import io.drsorch.planmodel.validation.ValidationError;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

/**
 * The two error shapes of the API: field errors ({@code {"errors": [{"path", "message"}]}}) and a
 * single message ({@code {"error": "..."}}). Always JSON, never a stack trace.
 */
public final class ErrorBodies {

  public record Errors(List<ValidationError> errors) {}

  public record Message(String error) {}

  private ErrorBodies() {}

  public static Response errors(int status, List<ValidationError> errors) {
    return Response.status(status)
        .type(MediaType.APPLICATION_JSON_TYPE)
        .entity(new Errors(errors))
        .build();
  }

  public static Response message(int status, String message) {
    return Response.status(status)
        .type(MediaType.APPLICATION_JSON_TYPE)
        .entity(new Message(message))
        .build();
  }
}
