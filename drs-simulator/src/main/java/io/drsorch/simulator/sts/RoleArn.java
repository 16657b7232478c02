package io.drsorch.simulator.sts;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An IAM role ARN, {@code arn:aws:iam::<account>:role/<path/><name>}: the account it names is the
 * account that assuming the role leads to.
 *
 * @param roleName the last part of the role's path, which is what an assumed-role ARN names
 */
public record RoleArn(String arn, String accountId, String roleName) {

  /** IAM's role name characters; the path before the name may also contain slashes. */
  private static final Pattern ROLE_ARN =
      Pattern.compile("arn:aws:iam::([0-9]{12}):role/(?:[\\w+=,.@/-]*/)?([\\w+=,.@-]{1,64})");

  public static Optional<RoleArn> parse(String arn) {
    Matcher matcher = ROLE_ARN.matcher(arn);
    if (!matcher.matches()) {
      return Optional.empty();
    }
    return Optional.of(new RoleArn(arn, matcher.group(1), matcher.group(2)));
  }

  /** The ARN of a session of this role, as STS names the caller of later requests. */
  public String assumedRoleArn(String sessionName) {
    return "arn:aws:sts::" + accountId + ":assumed-role/" + roleName + "/" + sessionName;
  }
}
