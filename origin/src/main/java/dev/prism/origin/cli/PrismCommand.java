package dev.prism.origin.cli;

import dev.prism.origin.config.ConfigException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code prism} command line: one runnable jar, one subcommand per job.
 *
 * <p>Exit status: 0 success; 1 the command failed while running; 2 a bad command line or
 * configuration (one line on stderr, {@code prism: config error: ...} for the latter).
 */
@Command(
    name = "prism",
    mixinStandardHelpOptions = true,
    version = "prism 0.1.0",
    description = "Video-on-demand origin: one stored CMAF ladder in, HLS and DASH out.",
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {
      "0:success",
      "1:the command failed while running",
      "2:bad command line or configuration"
    },
    footer = {
      "",
      "Configuration: conf/prism.yaml (built into the jar), --config FILE instead, and PRISM_*"
          + " environment variables for single keys (a.bC.d -> PRISM_A_B_C_D).",
      "Run 'prism COMMAND --help' for a command's options."
    },
    subcommands = {
      ServeCommand.class,
      TranscodeCommand.class,
      DemoCommand.class,
      KeysCommand.class,
      TokenCommand.class,
      EntitleCommand.class,
      CommandLine.HelpCommand.class
    })
public final class PrismCommand implements Runnable {

  /** Exit status for a bad command line or configuration. */
  public static final int EXIT_USAGE = CommandLine.ExitCode.USAGE;

  @Mixin ConfigOptions config = new ConfigOptions();

  @Spec CommandSpec spec = CommandSpec.create();

  /** Without a subcommand: the usage, on stdout. */
  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /**
   * The {@code prism} command line, ready to {@code execute(args)}: a {@link ConfigException} from
   * any subcommand becomes one line on stderr and exit status 2.
   */
  public static CommandLine newCommandLine() {
    CommandLine cl = new CommandLine(new PrismCommand());
    cl.setExecutionExceptionHandler(
        (ex, commandLine, parseResult) -> {
          if (ex instanceof ConfigException) {
            commandLine.getErr().println("prism: " + ex.getMessage());
            commandLine.getErr().flush();
            return EXIT_USAGE;
          }
          throw ex;
        });
    return cl;
  }

  /** The {@code prism} launcher's entry point; exits with the command's status. */
  public static void main(String[] args) {
    System.exit(newCommandLine().execute(args));
  }
}
