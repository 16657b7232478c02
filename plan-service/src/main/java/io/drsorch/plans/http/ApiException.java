package io.drsorch.plans.http;

/** A request that fails for a reason one message explains: 404, 409 and the like. */
public class ApiException extends RuntimeException {

  private final int status;

  public ApiException(int status, String message) {
    super(message);
    this.status = status;
  }

  public static ApiException notFound(String message) {
    return new ApiException(404, message);
  }

  public static ApiException conflict(String message) {
    return new ApiException(409, message);
  }

  public int status() {
    return status;
  }
}
