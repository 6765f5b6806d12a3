package dev.prism.origin;

import dev.prism.entitlement.http.EntitlementRoutes;
import dev.prism.entitlement.http.PlayHandler;
import dev.prism.origin.config.ConfigLoader;
import dev.prism.origin.config.OriginSettings;
import dev.prism.origin.config.PrismConfig;
import dev.prism.origin.gate.Gate;
import dev.prism.origin.launch.EntitlementWiring;
import dev.prism.store.BlobStore;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Clock;

/**
 * An origin wired as {@code prism serve} wires it with {@code entitlement.enabled}: the gate from
 * {@code gate.*}, then the mint on {@code POST /play/{asset}}, over a test's store. Not started.
 */
final class MintingOrigin {
  private MintingOrigin() {}

  /**
   * @param yaml a {@code prism.yaml} document (keys it leaves out keep their defaults)
   * @param dir the base of relative paths in {@code yaml}
   */
  static OriginServer create(
      Vertx vertx, BlobStore store, PrometheusMeterRegistry registry, String yaml, Path dir)
      throws Exception {
    PrismConfig config = ConfigLoader.fromYaml(yaml, dir);
    OriginServer origin =
        new OriginServer(
            vertx,
            OriginSettings.defaults().withSegmentDurationMs(2_000),
            store,
            registry,
            Clock.systemUTC());
    Gate.fromConfig(
            config.gate(), config.delivery().publicBaseUrls(), origin.metrics(), Clock.systemUTC())
        .install(origin);
    PlayHandler play = EntitlementWiring.playHandler(vertx, store, config);
    origin.addRoutes(router -> EntitlementRoutes.mount(router, play));
    return origin;
  }
}
