package io.drsorch.simulator.sts;

import io.drsorch.simulator.account.AccessKeyAccounts;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every set of credentials AssumeRole issued, by access key id, so that a DRS call signed with one
 * works on the role's account. Keys are remembered for the simulator's lifetime and never expire
 * here: the SDK refreshes them before their {@code Expiration} anyway, and a call that arrives just
 * after it must not silently land in the default account.
 */
public final class IssuedCredentials implements AccessKeyAccounts {

  private static final String UPPER_ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  private static final String SECRET_ALPHABET =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

  private final SecureRandom random = new SecureRandom();
  private final Map<String, RoleSession> sessions = new ConcurrentHashMap<>();
  private final Map<String, String> roleIds = new ConcurrentHashMap<>();

  /** Issues new credentials for a session of {@code role}, valid until {@code expiration}. */
  public RoleSession issue(RoleArn role, String sessionName, Instant expiration) {
    // A role keeps one unique id (AROA...) across sessions, as in IAM.
    String roleId =
        roleIds.computeIfAbsent(role.arn(), arn -> "AROA" + random(UPPER_ALPHANUMERIC, 17));
    while (true) {
      RoleSession session =
          new RoleSession(
              "ASIA" + random(UPPER_ALPHANUMERIC, 16),
              random(SECRET_ALPHABET, 40),
              sessionToken(),
              expiration,
              role.accountId(),
              role.assumedRoleArn(sessionName),
              roleId + ":" + sessionName);
      if (sessions.putIfAbsent(session.accessKeyId(), session) == null) {
        return session;
      }
    }
  }

  /** The session an access key was issued for, if AssumeRole issued it. */
  public Optional<RoleSession> session(String accessKeyId) {
    return Optional.ofNullable(sessions.get(accessKeyId));
  }

  @Override
  public Optional<String> accountOf(String accessKeyId) {
    return session(accessKeyId).map(RoleSession::accountId);
  }

  private String sessionToken() {
    byte[] bytes = new byte[96];
    random.nextBytes(bytes);
    return Base64.getEncoder().encodeToString(bytes);
  }

  private String random(String alphabet, int length) {
    StringBuilder text = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      text.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return text.toString();
  }
}
