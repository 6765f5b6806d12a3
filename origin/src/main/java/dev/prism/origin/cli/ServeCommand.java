package dev.prism.origin.cli;

import dev.prism.origin.OriginServer;
import dev.prism.origin.OriginSettings;
import dev.prism.origin.config.PrismConfig;
import dev.prism.origin.gate.Gate;
import dev.prism.store.BlobStore;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code prism serve}: loads the configuration, opens the store, starts the origin and prints its
 * URL; runs until SIGTERM or Ctrl-C, then stops gracefully (stop accepting, drain in-flight
 * requests for {@code server.shutdownGrace}, close).
 */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = "Serve HLS and DASH from the store through the signed-delivery gate.")
final class ServeCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(ServeCommand.class);

  @Mixin ConfigOptions config = new ConfigOptions();

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    PrismConfig cfg = config.load(); // a bad configuration stops here: one line, exit status 2
    OriginSettings settings = OriginSettings.from(cfg);
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Vertx vertx = OriginServer.newVertx(registry);
    BlobStore store = cfg.store().open();
    OriginServer server = new OriginServer(vertx, settings, store, registry, Clock.systemUTC());

    // DESIGN.md's order: origin-secret check → signed-cookie/URL check → route.
    Clock clock = Clock.systemUTC();
    try {
      Gate.fromConfig(cfg.gate(), cfg.delivery().publicBaseUrls(), server.metrics(), clock)
          .install(server);
    } catch (IOException | IllegalArgumentException e) { // unreadable key file, bad base URL
      vertx.close().await();
      store.close();
      spec.commandLine().getErr().println("prism: gate: " + e.getMessage());
      return PrismCommand.EXIT_USAGE;
    }
    // The mint (entitlement.enabled) mounts with server.addRoutes(router -> ...) before start().

    int port;
    try {
      port = server.start().await();
    } catch (RuntimeException e) {
      vertx.close().await();
      store.close();
      throw e;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  LOG.info(
                      "stopping: draining in-flight requests (up to {})",
                      settings.shutdownTimeout());
                  try {
                    server.stop().await();
                    vertx.close().await();
                  } finally {
                    store.close();
                    stopped.countDown();
                  }
                },
                "prism-shutdown"));

    String scheme = settings.tls().isPresent() ? "https" : "http";
    PrintWriter out = spec.commandLine().getOut();
    out.printf(
        "prism serve: %s://%s:%d/v1/{assetId}/hls/index.m3u8 (store %s)%n",
        scheme, settings.host(), port, store.describe());
    out.flush();
    stopped.await();
    return 0;
  }
}
