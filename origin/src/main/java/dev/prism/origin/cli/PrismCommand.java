package dev.prism.origin.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code prism} command line: one runnable jar, one subcommand per job. */
@Command(
    name = "prism",
    mixinStandardHelpOptions = true,
    version = "prism 0.1.0",
    description = "Video-on-demand origin: one stored CMAF ladder in, HLS and DASH out.",
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

  @Override
  public void run() {
    CommandLine.usage(this, System.out);
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new PrismCommand()).execute(args));
  }
}
