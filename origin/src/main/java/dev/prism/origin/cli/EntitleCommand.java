package dev.prism.origin.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code prism entitle}. */
@Command(
    name = "entitle",
    mixinStandardHelpOptions = true,
    description = "Run the entitlement service (POST /play/{assetId}) on its own.")
final class EntitleCommand implements Callable<Integer> {

  @Override
  public Integer call() {
    System.err.println("prism entitle: not implemented yet");
    return 2;
  }
}
