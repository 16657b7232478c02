package io.drsorch.simulator.api;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The access key id a request was signed with, the first part of the credential scope of its SigV4
 * {@code Authorization} header ({@code Credential=AKID/20250101/us-east-1/drs/aws4_request}). It
 * says which account a call works on; the signature itself is not checked.
 */
public final class SigV4AccessKey {

  private static final Pattern CREDENTIAL = Pattern.compile("Credential=([^/,\\s]+)/");

  private SigV4AccessKey() {}

  public static Optional<String> of(String authorizationHeader) {
    if (authorizationHeader == null) {
      return Optional.empty();
    }
    Matcher matcher = CREDENTIAL.matcher(authorizationHeader);
    return matcher.find() ? Optional.of(matcher.group(1)) : Optional.empty();
  }
}
