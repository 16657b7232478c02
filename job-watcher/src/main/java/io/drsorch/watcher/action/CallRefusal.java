package io.drsorch.watcher.action;

import java.io.IOException;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * An SSM call that failed: SSM's (or STS's) error code and words, and whether the same call may
 * succeed later.
 *
 * @param mayPass throttling, SSM's own faults (5xx), no answer, or a failure on this side; not an
 *     automation that does not exist, nor access denied
 */
record CallRefusal(String code, String message, boolean mayPass) {

  /** SSM's errors of the moment. */
  private static final Set<String> OF_THE_MOMENT =
      Set.of(
          "ThrottlingException",
          "TooManyUpdates",
          "InternalServerError",
          "ServiceUnavailable",
          "RequestLimitExceeded");

  static CallRefusal of(SdkException error) {
    // A role that cannot be assumed surfaces as a client error caused by STS's answer: report
    // STS's code and words, not "unable to load credentials".
    AwsServiceException aws = serviceError(error);
    if (aws != null && aws.awsErrorDetails() != null) {
      String code = aws.awsErrorDetails().errorCode();
      String message = aws.awsErrorDetails().errorMessage();
      return new CallRefusal(
          code == null ? "HTTP " + aws.statusCode() : code,
          message == null ? String.valueOf(aws.getMessage()) : message,
          (code != null && OF_THE_MOMENT.contains(code)) || aws.statusCode() >= 500);
    }
    // Nothing from SSM: unreachable, or a failure on this side; both may pass.
    return new CallRefusal(
        causedByIo(error) ? "NetworkError" : "ClientError",
        String.valueOf(error.getMessage()),
        true);
  }

  /** "code: message", as a WaveActionEnded's reason says it. */
  String reason() {
    return code + ": " + message;
  }

  private static AwsServiceException serviceError(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof AwsServiceException aws) {
        return aws;
      }
    }
    return null;
  }

  private static boolean causedByIo(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof IOException) {
        return true;
      }
    }
    return false;
  }
}
