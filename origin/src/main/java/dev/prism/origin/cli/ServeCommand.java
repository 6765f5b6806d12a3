package dev.prism.origin.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code prism serve}. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = "Serve HLS and DASH from the store through the signed-delivery gate.")
final class ServeCommand implements Callable<Integer> {

  @Mixin ConfigOptions config = new ConfigOptions();

  @Override
  public Integer call() {
    config.load(); // a bad configuration stops here: one line, exit status 2
    System.err.println("prism serve: not implemented yet");
    return 2;
  }
}
