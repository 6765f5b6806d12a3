package dev.prism.origin.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code prism token}. */
@Command(
    name = "token",
    mixinStandardHelpOptions = true,
    description = "DEVELOPMENT ONLY: mint viewer JWTs signed with the local development JWKS.")
final class TokenCommand implements Callable<Integer> {

  @Override
  public Integer call() {
    System.err.println("prism token: not implemented yet");
    return 2;
  }
}
