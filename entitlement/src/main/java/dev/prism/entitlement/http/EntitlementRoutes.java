package dev.prism.entitlement.http;

import dev.prism.store.BlobStore;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import org.jspecify.annotations.Nullable;

/**
 * Builds the {@code POST /play/:assetId} handler and mounts it in a Vert.x {@link Router}: what the
 * origin calls when {@code entitlement.enabled}, and what {@link EntitlementServer} uses.
 *
 * <pre>{@code
 * PlayHandler play = EntitlementRoutes.createHandler(vertx, store, settings); // reads the PEM key
 * play.verifier().preload();                                                 // JWKS, optional
 * EntitlementRoutes.mount(router, play);                                     // POST /play/:assetId
 * }</pre>
 *
 * <p>The route must not sit behind the signed-cookie gate (it is where cookies come from), and
 * needs no body handler.
 */
public final class EntitlementRoutes {
  /** The route path, with the {@link PlayHandler#ASSET_PARAM} parameter. */
  public static final String PLAY_PATH = "/play/:" + PlayHandler.ASSET_PARAM;

  private EntitlementRoutes() {}

  /**
   * A handler with the production parts: the private key from {@code
   * settings.signingKey().privateKeyFile()} (PEM, read now, blocking), the JWKS from {@code
   * settings.jwt().jwks()}, the configured rate limits, the {@code prism.audit} log, the system
   * clock.
   *
   * @throws IOException when the private key cannot be read
   * @throws IllegalArgumentException when the key is neither RSA nor EC, or there is no key file
   */
  public static PlayHandler createHandler(
      Vertx vertx, BlobStore store, EntitlementSettings settings) throws IOException {
    @Nullable Path keyFile = settings.signingKey().privateKeyFile();
    if (keyFile == null) {
      throw new IllegalArgumentException(
          "entitlement signing key "
              + settings.signingKey().keyPairId()
              + " has no private key file: pass a GrantMinter built from its PrivateKeySource");
    }
    GrantMinter minter =
        CloudFrontGrantMinter.load(
            settings.signingKey().keyPairId(), PrivateKeySource.pemFile(keyFile));
    return createHandler(vertx, store, settings, minter, Clock.systemUTC());
  }

  /**
   * A handler with the given minter (e.g. one whose key came from a secret store) and clock.
   *
   * @throws IllegalArgumentException when {@code minter} signs for another key pair id than {@code
   *     settings.signingKey()}
   */
  public static PlayHandler createHandler(
      Vertx vertx, BlobStore store, EntitlementSettings settings, GrantMinter minter, Clock clock) {
    return new PlayHandler(
        settings,
        store,
        new ViewerTokenVerifier(
            vertx, settings.jwt(), JwksSource.of(vertx, settings.jwt().jwks()), clock),
        minter,
        new ViewerRateLimits(settings.rateLimit()),
        new AuditLog(),
        clock);
  }

  /** Mounts {@code handler} on {@code POST /play/:assetId}; returns the route. */
  public static Route mount(Router router, PlayHandler handler) {
    return router.post(PLAY_PATH).handler(handler);
  }
}
