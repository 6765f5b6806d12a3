package dev.prism.origin.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code prism entitle}. */
@Command(
    name = "entitle",
    mixinStandardHelpOptions = true,
    description = "Run the entitlement service (POST /play/{assetId}) on its own.")
final class EntitleCommand implements Callable<Integer> {

  @Mixin ConfigOptions config = new ConfigOptions();

  @Override
  public Integer call() {
    config.load(); // a bad configuration stops here: one line, exit status 2
    System.err.println("prism entitle: not implemented yet");
    return 2;
  }
}
