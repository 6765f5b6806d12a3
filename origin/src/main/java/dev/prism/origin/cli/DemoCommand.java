package dev.prism.origin.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code prism demo}. */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description =
        "Transcode a real clip, serve it behind signed cookies on 127.0.0.1:8080 and print how to play it.")
final class DemoCommand implements Callable<Integer> {

  @Override
  public Integer call() {
    System.err.println("prism demo: not implemented yet");
    return 2;
  }
}
