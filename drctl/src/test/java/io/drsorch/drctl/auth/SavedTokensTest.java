package io.drsorch.drctl.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The saved sign-in: read back as written, and readable by its owner alone. */
class SavedTokensTest {

  @TempDir Path home;

  @Test
  void givenTokens_whenSavedAndLoaded_thenTheSameAndModes600And700() throws Exception {
    Path folder = home.resolve("drctl");
    SavedTokens tokens =
        new SavedTokens(
            "http://127.0.0.1:8180/realms/drs",
            "drctl",
            "a.b.c",
            Instant.parse("2026-12-02T10:00:00Z"),
            "r.e.f");

    tokens.save(folder);
    tokens.save(folder); // over the first

    assertThat(SavedTokens.load(folder)).contains(tokens);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(folder)))
        .isEqualTo("rwx------");
    assertThat(
            PosixFilePermissions.toString(
                Files.getPosixFilePermissions(folder.resolve(SavedTokens.FILE))))
        .isEqualTo("rw-------");
    try (var files = Files.list(folder)) {
      assertThat(files).hasSize(1); // no temporary left behind
    }
    assertThat(SavedTokens.delete(folder)).isTrue();
    assertThat(SavedTokens.load(folder)).isEmpty();
  }

  @Test
  void givenAnUnsignedToken_whenAClaimIsRead_thenItsValueOrEmpty() {
    String payload =
        java.util.Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString("{\"preferred_username\":\"olga\"}".getBytes());
    assertThat(Oidc.claim("h." + payload + ".s", "preferred_username")).isEqualTo("olga");
    assertThat(Oidc.claim("garbage", "preferred_username")).isEmpty();
  }
}
