package io.drsorch.drctl.auth;

import io.drsorch.drctl.cli.ExitCodes;
import io.drsorch.drctl.cli.Io;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code drctl logout}: forgets the saved sign-in. */
@Command(
    name = "logout",
    mixinStandardHelpOptions = true,
    description = "Forget the sign-in saved by drctl login.")
public final class LogoutCommand implements Callable<Integer> {

  private final Io io;

  public LogoutCommand(Io io) {
    this.io = io;
  }

  @Override
  public Integer call() {
    boolean had = SavedTokens.delete(SavedTokens.folder());
    io.out().println(had ? "signed out" : "not signed in");
    return ExitCodes.OK;
  }
}
