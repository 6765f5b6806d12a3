package dev.prism.origin.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code prism serve}. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = "Serve HLS and DASH from the store through the signed-delivery gate.")
final class ServeCommand implements Callable<Integer> {

  @Override
  public Integer call() {
    System.err.println("prism serve: not implemented yet");
    return 2;
  }
}
