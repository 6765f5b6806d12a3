package dev.prism.origin.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code prism keys}. */
@Command(
    name = "keys",
    mixinStandardHelpOptions = true,
    description =
        "Generate a signing key pair (RSA 2048 or ECDSA P-256) for a CloudFront key group.")
final class KeysCommand implements Callable<Integer> {

  @Mixin ConfigOptions config = new ConfigOptions();

  @Override
  public Integer call() {
    System.err.println("prism keys: not implemented yet");
    return 2;
  }
}
