package dev.prism.origin.cli;

import dev.prism.origin.config.ConfigLoader;
import dev.prism.origin.demo.DemoRun;
import dev.prism.origin.launch.OriginLauncher;
import dev.prism.transcoder.ConsoleProgress;
import dev.prism.transcoder.TranscodeException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code prism demo [INPUT]}: on the first run creates the development keys in {@code .prism/},
 * transcodes the demo clip (or INPUT) into the store unless that version is already there, starts
 * the origin with the gate, the entitlement mint and the {@code /player} page on 127.0.0.1, and
 * prints the asset id, the player page URL and docs/ARCHITECTURE.md's curl command line with a
 * 24-hour development token ({@link DemoRun}). Ctrl-C stops the transcode (keeping the previous
 * version) or the origin (draining in-flight requests).
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Transcode a real clip, serve it behind signed cookies on 127.0.0.1:8080 and print how to"
          + " play it.",
      "DEVELOPMENT ONLY: keys, viewer JWKS and store live in the git-ignored .prism/ folder;"
          + " /player and /player/dev-token exist only under this command."
    })
final class DemoCommand implements Callable<Integer> {

  @Mixin ConfigOptions config = new ConfigOptions();

  @Spec CommandSpec spec;

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "INPUT",
      description = "A mezzanine file to play instead of media/" + DemoRun.DEFAULT_CLIP + ".")
  @Nullable Path input;

  @Option(
      names = "--asset",
      paramLabel = "ID",
      description =
          "Asset id ([A-Za-z0-9][A-Za-z0-9._-]{0,127}); default: bbb for the demo clip, else from"
              + " INPUT's file name.")
  @Nullable String assetId;

  @Option(
      names = "--port",
      paramLabel = "PORT",
      description = "Port on 127.0.0.1 (0 = any free port). Default: 8080.")
  int port = DemoRun.DEFAULT_PORT;

  @Override
  public Integer call() throws InterruptedException {
    config.load(); // a bad configuration stops here: one line, exit status 2
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Path home = ConfigLoader.baseDir();
    Path clip =
        input != null
            ? input.toAbsolutePath().normalize()
            : home.resolve("media").resolve(DemoRun.DEFAULT_CLIP);
    DemoRun.Request request;
    try {
      request = new DemoRun.Request(home.resolve(".prism"), clip, assetId, port);
    } catch (IllegalArgumentException e) {
      err.println("prism demo: " + e.getMessage());
      err.flush();
      return PrismCommand.EXIT_USAGE;
    }

    DemoRun demo;
    // Ctrl-C while transcoding: interrupt, and wait while FFmpeg is stopped and cleaned up.
    InterruptOnShutdown interruptible = InterruptOnShutdown.install("prism-demo-interrupt");
    try (ConsoleProgress progress = new ConsoleProgress(System.err)) {
      demo = DemoRun.start(request, config::load, progress, Clock.systemUTC());
    } catch (IOException e) {
      err.println("prism demo: " + e.getMessage());
      err.flush();
      return input != null ? PrismCommand.EXIT_USAGE : 1;
    } catch (TranscodeException e) {
      err.println("prism demo: transcode: " + e.getMessage());
      err.flush();
      return 1;
    } catch (OriginLauncher.StartException e) {
      err.println(
          "prism demo: "
              + e.getMessage()
              + (e.getMessage().startsWith(OriginLauncher.LISTEN_FAILURE)
                  ? " (is another prism running? stop it or pass --port)"
                  : ""));
      err.flush();
      return 1;
    } catch (InterruptedException e) {
      err.println("prism demo: interrupted; the previous version stays published");
      err.flush();
      return 1;
    } finally {
      interruptible.close();
    }
    out.print(demo.banner());
    out.flush();
    demo.awaitShutdownSignal();
    return 0;
  }
}
