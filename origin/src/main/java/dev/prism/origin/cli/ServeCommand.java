package dev.prism.origin.cli;

import dev.prism.origin.config.PrismConfig;
import dev.prism.origin.launch.OriginLauncher;
import dev.prism.packager.naming.ResourceNaming;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code prism serve}: loads the configuration, starts the origin ({@link OriginLauncher}: store,
 * gate, the mint when {@code entitlement.enabled}) and prints its URL; runs until SIGTERM or
 * Ctrl-C, then stops gracefully (stop accepting, drain in-flight requests for {@code
 * server.shutdownGrace}, close).
 */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = "Serve HLS and DASH from the store through the signed-delivery gate.")
final class ServeCommand implements Callable<Integer> {

  @Mixin ConfigOptions config = new ConfigOptions();

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    PrismConfig cfg = config.load(); // a bad configuration stops here: one line, exit status 2
    OriginLauncher.Running origin;
    try {
      origin = OriginLauncher.start(cfg, (server, vertx) -> {}); // no /player: demo only
    } catch (OriginLauncher.StartException e) { // unreadable key file, bad base URL
      spec.commandLine().getErr().println("prism: " + e.getMessage());
      return PrismCommand.EXIT_USAGE;
    }
    PrintWriter out = spec.commandLine().getOut();
    out.printf(
        "prism serve: %s%s (store %s)%n",
        origin.url(),
        ResourceNaming.MULTIVARIANT_PLAYLIST_PATH_TEMPLATE,
        origin.store().describe());
    out.flush();
    origin.awaitShutdownSignal();
    return 0;
  }
}
