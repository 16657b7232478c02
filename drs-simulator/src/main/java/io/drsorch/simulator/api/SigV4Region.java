package io.drsorch.simulator.api;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The region a request was signed for, read from the credential scope of its SigV4 {@code
 * Authorization} header ({@code Credential=AKID/20250101/us-east-1/drs/aws4_request}). The
 * signature itself is not checked: any credentials are accepted.
 */
public final class SigV4Region {

  public static final String DEFAULT_REGION = "us-east-1";

  private static final Pattern CREDENTIAL_SCOPE =
      Pattern.compile("Credential=[^/,\\s]+/\\d{8}/([a-z0-9-]+)/[^/,\\s]+/aws4_request");

  private SigV4Region() {}

  public static String of(String authorizationHeader) {
    if (authorizationHeader == null) {
      return DEFAULT_REGION;
    }
    Matcher matcher = CREDENTIAL_SCOPE.matcher(authorizationHeader);
    return matcher.find() ? matcher.group(1) : DEFAULT_REGION;
  }
}
