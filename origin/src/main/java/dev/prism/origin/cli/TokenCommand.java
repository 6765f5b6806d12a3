package dev.prism.origin.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code prism token}. */
@Command(
    name = "token",
    mixinStandardHelpOptions = true,
    description = "DEVELOPMENT ONLY: mint viewer JWTs signed with the local development JWKS.")
final class TokenCommand implements Callable<Integer> {

  @Mixin ConfigOptions config = new ConfigOptions();

  @Override
  public Integer call() {
    config.load(); // a bad configuration stops here: one line, exit status 2
    System.err.println("prism token: not implemented yet");
    return 2;
  }
}
