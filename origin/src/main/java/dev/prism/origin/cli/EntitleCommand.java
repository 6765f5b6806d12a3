package dev.prism.origin.cli;

import dev.prism.entitlement.http.EntitlementServer;
import dev.prism.entitlement.http.EntitlementSettings;
import dev.prism.entitlement.http.PlayHandler;
import dev.prism.origin.config.PrismConfig;
import dev.prism.origin.launch.EntitlementWiring;
import dev.prism.origin.launch.ShutdownSignal;
import dev.prism.store.BlobStore;
import io.vertx.core.Vertx;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code prism entitle}: the entitlement service alone ({@code POST /play/{assetId}} and {@code GET
 * /healthz}), configured by the same {@code prism.yaml} as the origin, so it can be deployed apart
 * from it. Runs until SIGTERM or Ctrl-C.
 */
@Command(
    name = "entitle",
    mixinStandardHelpOptions = true,
    description = "Run the entitlement service (POST /play/{assetId}) on its own.")
final class EntitleCommand implements Callable<Integer> {

  @Mixin ConfigOptions config = new ConfigOptions();

  @Spec CommandSpec spec;

  @Option(
      names = "--host",
      paramLabel = "HOST",
      description = "Address to bind (default: server.host).")
  @Nullable String host;

  @Option(
      names = "--port",
      paramLabel = "PORT",
      description = "TCP port (default: server.port; 0 picks a free port).")
  @Nullable Integer port;

  @Override
  public Integer call() throws Exception {
    PrismConfig cfg = config.load();
    EntitlementSettings settings = EntitlementWiring.settings(cfg);
    Vertx vertx = Vertx.vertx();
    BlobStore store = cfg.store().open();
    EntitlementServer server;
    try {
      PlayHandler handler = EntitlementWiring.playHandler(vertx, store, cfg);
      server =
          EntitlementServer.start(
                  vertx,
                  handler,
                  host != null ? host : cfg.server().host(),
                  port != null ? port : cfg.server().port())
              .await();
    } catch (Exception e) {
      vertx.close().await();
      store.close();
      throw e;
    }
    PrintWriter out = spec.commandLine().getOut();
    out.printf(
        "entitlement service on http://%s:%d/play/{assetId}, minting for %s/v1/{assetId}/*%n",
        host != null ? host : cfg.server().host(), server.port(), settings.publicBaseUrl());
    out.flush();

    ShutdownSignal.await(
        "prism-entitle-shutdown",
        () -> {
          try {
            server.close().await();
            vertx.close().await();
          } finally {
            store.close();
          }
        });
    return 0;
  }
}
