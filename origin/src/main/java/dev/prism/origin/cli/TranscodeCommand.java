package dev.prism.origin.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code prism transcode}. */
@Command(
    name = "transcode",
    mixinStandardHelpOptions = true,
    description = "Transcode a mezzanine into an aligned CMAF ladder and publish it to the store.")
final class TranscodeCommand implements Callable<Integer> {

  @Override
  public Integer call() {
    System.err.println("prism transcode: not implemented yet");
    return 2;
  }
}
