package dev.prism.entitlement.http;

import dev.prism.entitlement.signing.CloudCdnKeys;
import dev.prism.entitlement.signing.CloudCdnSigner;
import dev.prism.entitlement.signing.CloudFrontSigner;
import dev.prism.entitlement.signing.GrantSigner;
import dev.prism.entitlement.signing.HashAlgorithm;
import dev.prism.entitlement.signing.SigningScheme;
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
 * PlayHandler play = EntitlementRoutes.createHandler(vertx, store, settings); // reads the key
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
   * A handler with the production parts: the signer for {@code settings.signingKey()} ({@link
   * #loadSigner}, read now, blocking), the JWKS from {@code settings.jwt().jwks()}, the configured
   * rate limits, the {@code prism.audit} log, the system clock.
   *
   * @throws IOException when the key cannot be read
   * @throws IllegalArgumentException when the key is not one its scheme takes, or there is no key
   *     file
   */
  public static PlayHandler createHandler(
      Vertx vertx, BlobStore store, EntitlementSettings settings) throws IOException {
    return createHandler(
        vertx, store, settings, loadSigner(settings.signingKey()), Clock.systemUTC());
  }

  /**
   * The signer for {@code key}, its key read from {@code key.keyFile()} (blocking):
   *
   * <ul>
   *   <li>CloudFront: the PEM private key, signing with SHA-1 (CloudFront's default, accepted by
   *       every distribution and by Prism's gate; RSA signatures are then byte-identical to the AWS
   *       SDK's for the same policy bytes);
   *   <li>Cloud CDN: the base64url 16-byte key, HMAC-SHA1.
   * </ul>
   *
   * @throws IOException when the key file cannot be read or parsed
   * @throws IllegalArgumentException when there is no key file, or the key is not one the scheme
   *     takes (RSA or EC; 16 bytes)
   */
  public static GrantSigner loadSigner(EntitlementSettings.SigningKey key) throws IOException {
    @Nullable Path keyFile = key.keyFile();
    if (keyFile == null) {
      throw new IllegalArgumentException(
          "entitlement signing key "
              + key.keyId()
              + " has no key file: pass a GrantSigner built from its key source");
    }
    if (key.scheme() == SigningScheme.CLOUD_CDN) {
      return new CloudCdnSigner(key.keyId(), CloudCdnKeys.readKeyFile(keyFile));
    }
    return cloudFrontSigner(key.keyId(), PrivateKeySource.pemFile(keyFile));
  }

  /**
   * A CloudFront signer for {@code keyPairId} with the private key from {@code source} (a PEM file
   * or a secret store), signing with SHA-1 as {@link #loadSigner} does.
   *
   * @throws IOException when the key cannot be loaded
   * @throws IllegalArgumentException when the key is neither RSA nor EC
   */
  public static CloudFrontSigner cloudFrontSigner(String keyPairId, PrivateKeySource source)
      throws IOException {
    return new CloudFrontSigner(keyPairId, source.load(), HashAlgorithm.SHA1);
  }

  /**
   * A handler with the given signer (e.g. one whose key came from a secret store) and clock.
   *
   * @throws IllegalArgumentException when {@code signer} signs for another scheme or key than
   *     {@code settings.signingKey()}
   */
  public static PlayHandler createHandler(
      Vertx vertx, BlobStore store, EntitlementSettings settings, GrantSigner signer, Clock clock) {
    return new PlayHandler(
        settings,
        store,
        new ViewerTokenVerifier(
            vertx, settings.jwt(), JwksSource.of(vertx, settings.jwt().jwks()), clock),
        signer,
        new ViewerRateLimits(settings.rateLimit()),
        new AuditLog(),
        clock);
  }

  /** Mounts {@code handler} on {@code POST /play/:assetId}; returns the route. */
  public static Route mount(Router router, PlayHandler handler) {
    return router.post(PLAY_PATH).handler(handler);
  }
}
