package io.drsorch.drctl.auth;

import io.drsorch.drctl.cli.CliException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The bearer token drctl's requests to plan-service carry: {@code DRCTL_TOKEN} when set (for
 * scripts and pipelines, which get their token their own way), else the saved sign-in of {@code
 * drctl login}, refreshed first when it is about to expire; none when there is neither (a
 * plan-service without authentication, on loopback).
 */
public final class BearerTokens {

  /** A token this close to its expiry is refreshed first: a request may take this long. */
  private static final Duration MARGIN = Duration.ofSeconds(30);

  private BearerTokens() {}

  public static Optional<String> forRequests() {
    String given = System.getenv("DRCTL_TOKEN");
    if (given != null && !given.isBlank()) {
      return Optional.of(given.strip());
    }
    Path folder = SavedTokens.folder();
    Optional<SavedTokens> saved = SavedTokens.load(folder);
    if (saved.isEmpty()) {
      return Optional.empty();
    }
    SavedTokens tokens = saved.get();
    if (Instant.now().plus(MARGIN).isBefore(tokens.expiresAt())) {
      return Optional.of(tokens.accessToken());
    }
    SavedTokens refreshed = refresh(tokens);
    refreshed.save(folder);
    return Optional.of(refreshed.accessToken());
  }

  static SavedTokens refresh(SavedTokens tokens) {
    if (tokens.refreshToken() == null) {
      throw new CliException("the sign-in has expired: drctl login again");
    }
    Oidc oidc = new Oidc(tokens.issuer());
    Oidc.Answer answer =
        oidc.post(
            oidc.endpoint("token_endpoint"),
            Map.of(
                "grant_type",
                "refresh_token",
                "refresh_token",
                tokens.refreshToken(),
                "client_id",
                tokens.clientId()),
            "refresh the sign-in at " + tokens.issuer());
    if (answer.status() != 200) {
      throw new CliException(
          "the sign-in could not be refreshed (" + answer.describe() + "): drctl login again");
    }
    return oidc.tokens(answer.body(), tokens.clientId(), tokens.refreshToken());
  }
}
