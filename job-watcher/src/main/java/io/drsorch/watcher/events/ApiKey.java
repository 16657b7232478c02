package io.drsorch.watcher.events;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The shared secret EventBridge's API destination sends in a header. Compared in constant time:
 * both sides are hashed first, so that not even the secret's length shows in the response time,
 * then compared with {@link MessageDigest#isEqual}.
 */
final class ApiKey {

  private final byte[] expectedDigest;

  ApiKey(String secret) {
    if (secret == null || secret.isEmpty()) {
      throw new IllegalArgumentException("an API key must not be empty");
    }
    this.expectedDigest = digest(secret);
  }

  /** True when {@code presented} (a header's value, possibly null) is the secret. */
  boolean matches(String presented) {
    if (presented == null) {
      return false;
    }
    return MessageDigest.isEqual(expectedDigest, digest(presented));
  }

  private static byte[] digest(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
