package dev.prism.origin.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code prism demo}. */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description =
        "Transcode a real clip, serve it behind signed cookies on 127.0.0.1:8080 and print how to play it.")
final class DemoCommand implements Callable<Integer> {

  @Mixin ConfigOptions config = new ConfigOptions();

  @Override
  public Integer call() {
    config.load(); // a bad configuration stops here: one line, exit status 2
    System.err.println("prism demo: not implemented yet");
    return 2;
  }
}
