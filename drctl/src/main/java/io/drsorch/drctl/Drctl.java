package io.drsorch.drctl;

import io.drsorch.drctl.audit.AuditCommand;
import io.drsorch.drctl.audit.ReportCommand;
import io.drsorch.drctl.auth.LoginCommand;
import io.drsorch.drctl.auth.LogoutCommand;
import io.drsorch.drctl.cli.CliException;
import io.drsorch.drctl.cli.ExitCodes;
import io.drsorch.drctl.cli.Io;
import io.drsorch.drctl.execution.ApproveCommand;
import io.drsorch.drctl.execution.CancelCommand;
import io.drsorch.drctl.execution.CleanupCommand;
import io.drsorch.drctl.execution.ExecutionsCommand;
import io.drsorch.drctl.execution.PauseCommand;
import io.drsorch.drctl.execution.RejectCommand;
import io.drsorch.drctl.execution.ResumeCommand;
import io.drsorch.drctl.execution.RetryCommand;
import io.drsorch.drctl.execution.RunCommand;
import io.drsorch.drctl.execution.StatusCommand;
import io.drsorch.drctl.plans.GroupCommand;
import io.drsorch.drctl.plans.PlanCommand;
import io.drsorch.drctl.request.RequestCommand;
import java.lang.reflect.Constructor;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code drctl}: recovery plans, drills, recoveries and audits from a terminal. Each subcommand
 * talks to the plan-service REST API or, for {@code request}, {@code audit} and {@code report},
 * straight to Kafka with the project's serde. Errors are one line on stderr and a non-zero exit
 * code (see {@link ExitCodes}); {@code DRCTL_DEBUG=1} adds the stack trace for a bug report.
 */
@Command(
    name = "drctl",
    mixinStandardHelpOptions = true,
    versionProvider = Drctl.Version.class,
    description =
        "Recovery plans, drills, recoveries and audits for AWS Elastic Disaster Recovery.",
    subcommands = {
      PlanCommand.class,
      GroupCommand.class,
      RunCommand.class,
      StatusCommand.class,
      ExecutionsCommand.class,
      CancelCommand.class,
      ApproveCommand.class,
      RejectCommand.class,
      PauseCommand.class,
      ResumeCommand.class,
      RetryCommand.class,
      CleanupCommand.class,
      RequestCommand.class,
      AuditCommand.class,
      ReportCommand.class,
      LoginCommand.class,
      LogoutCommand.class,
      CommandLine.HelpCommand.class
    },
    footer = {
      "",
      "Exit codes: 0 done (a followed execution COMPLETED), 1 error, 2 usage;",
      "a followed execution (run, status, retry with --follow):",
      "3 FAILED, 4 TIMED_OUT, 5 CANCELLED, 6 REJECTED;",
      "a drill cleanup waited for (cleanup --wait): 0 COMPLETED, 3 FAILED;",
      "7 audit --verify found a difference;",
      "8 plan check found a server not ready."
    })
public final class Drctl implements Runnable {

  public static void main(String[] args) {
    Io io = Io.ofProcess();
    System.exit(run(io, args));
  }

  /** Runs one command line with the given streams; returns its exit code. */
  public static int run(Io io, String... args) {
    CommandLine cli = new CommandLine(new Drctl(), new Factory(io));
    cli.setOut(io.out());
    cli.setErr(io.err());
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    cli.setExecutionExceptionHandler(
        (e, commandLine, parsed) -> {
          if (e instanceof CliException failure) {
            io.err().println("drctl: " + failure.getMessage());
            return failure.exitCode();
          }
          io.err().println("drctl: unexpected error: " + e);
          if ("1".equals(System.getenv("DRCTL_DEBUG"))) {
            e.printStackTrace(io.err());
          }
          return ExitCodes.ERROR;
        });
    cli.setParameterExceptionHandler(
        (e, args2) -> {
          io.err().println("drctl: " + e.getMessage());
          io.err().println("see: " + e.getCommandLine().getCommandName() + " --help");
          return ExitCodes.USAGE;
        });
    int code = cli.execute(args);
    io.out().flush();
    io.err().flush();
    return code;
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        new CommandLine(this), "a command is required (plan, group, run, status, ...)");
  }

  /** Builds commands that take the streams in their constructor; others the default way. */
  private record Factory(Io io) implements CommandLine.IFactory {
    @Override
    public <K> K create(Class<K> cls) throws Exception {
      try {
        Constructor<K> withIo = cls.getDeclaredConstructor(Io.class);
        return withIo.newInstance(io);
      } catch (NoSuchMethodException e) {
        return CommandLine.defaultFactory().create(cls);
      }
    }
  }

  /** The version of the jar, or "development" when run from classes. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = Drctl.class.getPackage().getImplementationVersion();
      return new String[] {"drctl " + (version == null ? "development" : version)};
    }
  }
}
