package io.drsorch.drctl.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.drsorch.drctl.cli.CliException;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Optional;

/**
 * The tokens of the last {@code drctl login}, in {@code tokens.json} of drctl's config folder
 * ({@code DRCTL_CONFIG_DIR}, else {@code $XDG_CONFIG_HOME/drctl}, else {@code ~/.config/drctl}),
 * readable by the user alone (mode 600, the folder 700): whoever reads it may act as the user until
 * the refresh token expires.
 *
 * @param issuer the OIDC issuer that signed them
 * @param clientId the client drctl signed in as
 * @param accessToken what requests carry as their bearer token
 * @param expiresAt when the access token stops being accepted
 * @param refreshToken what gets a new access token without signing in again; null if none
 */
public record SavedTokens(
    String issuer, String clientId, String accessToken, Instant expiresAt, String refreshToken) {

  private static final ObjectMapper JSON = new ObjectMapper();
  static final String FILE = "tokens.json";

  /** The folder drctl keeps its sign-in in. */
  public static Path folder() {
    String own = System.getenv("DRCTL_CONFIG_DIR");
    if (own != null && !own.isBlank()) {
      return Path.of(own);
    }
    String xdg = System.getenv("XDG_CONFIG_HOME");
    Path base =
        xdg != null && !xdg.isBlank()
            ? Path.of(xdg)
            : Path.of(System.getProperty("user.home"), ".config");
    return base.resolve("drctl");
  }

  public static Optional<SavedTokens> load(Path folder) {
    Path file = folder.resolve(FILE);
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    try {
      JsonNode saved = JSON.readTree(file.toFile());
      return Optional.of(
          new SavedTokens(
              saved.path("issuer").asText(),
              saved.path("clientId").asText(),
              saved.path("accessToken").asText(),
              Instant.parse(saved.path("expiresAt").asText()),
              saved.hasNonNull("refreshToken") ? saved.path("refreshToken").asText() : null));
    } catch (IOException | RuntimeException e) {
      throw new CliException(
          "cannot read the saved sign-in " + file + " (" + e.getMessage() + "): drctl login again");
    }
  }

  /** Written to a new file of mode 600 first, then moved over the old one. */
  public void save(Path folder) {
    try {
      boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
      if (!Files.isDirectory(folder)) {
        if (posix) {
          Files.createDirectories(
              folder,
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } else {
          Files.createDirectories(folder);
        }
      }
      Path temporary =
          posix
              ? Files.createTempFile(
                  folder,
                  "tokens",
                  ".tmp",
                  PosixFilePermissions.asFileAttribute(
                      PosixFilePermissions.fromString("rw-------")))
              : Files.createTempFile(folder, "tokens", ".tmp");
      JSON.writeValue(
          temporary.toFile(),
          JSON.createObjectNode()
              .put("issuer", issuer)
              .put("clientId", clientId)
              .put("accessToken", accessToken)
              .put("expiresAt", expiresAt.toString())
              .put("refreshToken", refreshToken));
      try {
        Files.move(
            temporary,
            folder.resolve(FILE),
            StandardCopyOption.REPLACE_EXISTING,
            StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temporary, folder.resolve(FILE), StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new CliException("cannot save the sign-in in " + folder + ": " + e.getMessage());
    }
  }

  /** Forgets the sign-in; true if there was one. */
  public static boolean delete(Path folder) {
    try {
      return Files.deleteIfExists(folder.resolve(FILE));
    } catch (IOException e) {
      throw new CliException("cannot delete " + folder.resolve(FILE) + ": " + e.getMessage());
    }
  }
}
