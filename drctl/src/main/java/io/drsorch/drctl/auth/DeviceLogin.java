package io.drsorch.drctl.auth;

import io.drsorch.drctl.cli.CliException;
import io.drsorch.drctl.cli.Io;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Signs a user in by the OAuth device authorization grant (RFC 8628), as {@code aws sso login} and
 * {@code gh auth login} do: drctl shows a URL and a code, the user confirms them in any browser
 * (another machine's will do), and drctl meanwhile asks the issuer for the tokens until the user
 * has confirmed, refused, or the code expired. No password ever passes through drctl.
 */
final class DeviceLogin {

  /** RFC 8628: the wait between two token requests when the issuer names none. */
  private static final int DEFAULT_INTERVAL_SECONDS = 5;

  private DeviceLogin() {}

  static SavedTokens run(Oidc oidc, String clientId, Io io) {
    Oidc.Answer started =
        oidc.post(
            oidc.endpoint("device_authorization_endpoint"),
            Map.of("client_id", clientId, "scope", "openid"),
            "start a device sign-in at " + oidc.issuer());
    if (started.status() != 200) {
      throw new CliException(
          "the issuer refused a device sign-in for client '"
              + clientId
              + "': "
              + started.describe());
    }
    String deviceCode = started.body().path("device_code").asText();
    String userCode = started.body().path("user_code").asText();
    String page =
        started
            .body()
            .path("verification_uri_complete")
            .asText(started.body().path("verification_uri").asText());
    int interval = started.body().path("interval").asInt(DEFAULT_INTERVAL_SECONDS);
    Instant deadline = Instant.now().plusSeconds(started.body().path("expires_in").asLong(600));
    io.out().println("To sign in, open this page in a browser and confirm the code " + userCode);
    io.out().println("  " + page);
    io.out().println("Waiting for the confirmation...");
    String tokenEndpoint = oidc.endpoint("token_endpoint");
    while (Instant.now().isBefore(deadline)) {
      sleep(Duration.ofSeconds(interval));
      Oidc.Answer answer =
          oidc.post(
              tokenEndpoint,
              Map.of(
                  "grant_type",
                  Oidc.DEVICE_GRANT,
                  "device_code",
                  deviceCode,
                  "client_id",
                  clientId),
              "ask " + oidc.issuer() + " for the tokens");
      if (answer.status() == 200) {
        return oidc.tokens(answer.body(), clientId, null);
      }
      switch (answer.error()) {
        case "authorization_pending" -> {}
        case "slow_down" -> interval += 5;
        case "access_denied" -> throw new CliException("sign-in refused in the browser");
        case "expired_token" -> throw new CliException("the code expired: drctl login again");
        default -> throw new CliException("sign-in failed: " + answer.describe());
      }
    }
    throw new CliException("the code expired before it was confirmed: drctl login again");
  }

  private static void sleep(Duration wait) {
    try {
      Thread.sleep(wait.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException("interrupted");
    }
  }
}
