package org.chatvla4j.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code chatvla} command line: every user-facing job is one subcommand. */
@Command(
    name = "chatvla",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "ChatVLA on the JVM: a vision-language-action model that chats and controls a robot.",
    subcommands = {
      DemoCommand.class,
      EvalCommand.class,
      ExperimentCommand.class,
      ChatCommand.class,
      InitMoeCommand.class,
      InspectCommand.class,
      TrainCommand.class,
      ServeCommand.class,
      RemoteEvalCommand.class,
      WorldCommand.class,
      CommandLine.HelpCommand.class,
    },
    footer = {
      "",
      "The launcher also runs the test suite: ./chatvla test [maven args]",
    })
public final class Main implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The configured command line, shared by {@link #main} and tests. */
  public static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new Main());
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    cli.setExecutionExceptionHandler(
        (ex, line, parseResult) -> {
          // Users get the message that names the file/field and the fix; the stack trace only on request.
          line.getErr().println(line.getColorScheme().errorText("error: " + ex.getMessage()));
          if (Boolean.getBoolean("chatvla.stacktrace") || ex.getMessage() == null) {
            ex.printStackTrace(line.getErr());
          } else {
            line.getErr().println("(run with -Dchatvla.stacktrace=true or CHATVLA_STACKTRACE=1 for the stack trace)");
          }
          return 1;
        });
    return cli;
  }
}
