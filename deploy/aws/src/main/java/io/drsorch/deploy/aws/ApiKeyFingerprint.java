package io.drsorch.deploy.aws;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A short fingerprint of the API key, kept in the connection's description.
 *
 * <p>EventBridge never returns a connection's secret, so without it a second run could not tell
 * whether the key changed: it would either rewrite the secret every time (not idempotent) or never
 * (a rotated key would silently not be applied). 64 bits of SHA-256 of a random key of at least 16
 * characters tell nothing useful about the key to whoever can read the description.
 */
final class ApiKeyFingerprint {

  private ApiKeyFingerprint() {}

  static String of(String apiKey) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(apiKey.getBytes(StandardCharsets.UTF_8));
      return "sha256:" + HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
