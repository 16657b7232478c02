package io.drsorch.drctl.auth;

import io.drsorch.drctl.cli.ExitCodes;
import io.drsorch.drctl.cli.Io;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code drctl login}: signs in at the OIDC issuer plan-service trusts, by the device grant. */
@Command(
    name = "login",
    mixinStandardHelpOptions = true,
    description =
        "Sign in at the OIDC issuer plan-service trusts (device authorization grant); the tokens"
            + " are saved for drctl's later commands, readable by you alone, and refreshed as needed.")
public final class LoginCommand implements Callable<Integer> {

  private final Io io;

  @Option(
      names = "--issuer",
      required = true,
      description = "the OIDC issuer URL (env DRCTL_ISSUER)",
      defaultValue = "${env:DRCTL_ISSUER}")
  String issuer;

  @Option(
      names = "--client-id",
      description = "the issuer's client for drctl (env DRCTL_CLIENT_ID; default ${DEFAULT-VALUE})",
      defaultValue = "${env:DRCTL_CLIENT_ID:-drctl}")
  String clientId;

  public LoginCommand(Io io) {
    this.io = io;
  }

  @Override
  public Integer call() {
    SavedTokens tokens = DeviceLogin.run(new Oidc(issuer), clientId, io);
    Path folder = SavedTokens.folder();
    tokens.save(folder);
    String user = Oidc.claim(tokens.accessToken(), "preferred_username");
    io.out()
        .println(
            "signed in"
                + (user.isEmpty() ? "" : " as " + user)
                + " at "
                + tokens.issuer()
                + "; saved in "
                + folder.resolve(SavedTokens.FILE));
    return ExitCodes.OK;
  }
}
