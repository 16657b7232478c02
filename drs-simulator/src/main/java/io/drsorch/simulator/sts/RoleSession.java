package io.drsorch.simulator.sts;

import java.time.Instant;

/**
 * Temporary credentials that AssumeRole issued, and who they stand for.
 *
 * @param assumedRoleId the role's unique id and the session name, {@code AROA...:session}
 */
public record RoleSession(
    String accessKeyId,
    String secretAccessKey,
    String sessionToken,
    Instant expiration,
    String accountId,
    String assumedRoleArn,
    String assumedRoleId) {}
