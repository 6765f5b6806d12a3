package dev.prism.origin.launch;

import dev.prism.entitlement.http.EntitlementRoutes;
import dev.prism.entitlement.http.EntitlementSettings;
import dev.prism.entitlement.http.PlayHandler;
import dev.prism.entitlement.http.SecretsManagerPrivateKeySource;
import dev.prism.entitlement.http.SsmPrivateKeySource;
import dev.prism.entitlement.signing.GrantSigner;
import dev.prism.entitlement.signing.SigningScheme;
import dev.prism.origin.config.EntitlementConfig;
import dev.prism.origin.config.GateConfig;
import dev.prism.origin.config.PrismConfig;
import dev.prism.origin.gate.Gate;
import dev.prism.store.BlobStore;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The one place {@code prism.yaml}'s {@code entitlement:} section (with {@code
 * delivery.publicBaseUrls[0]} and {@code gate.viewerIp}) becomes the entitlement service's {@link
 * EntitlementSettings}: used by {@code prism entitle}, and by {@code prism serve} / {@code prism
 * demo} when {@code entitlement.enabled}:
 *
 * <pre>{@code
 * PlayHandler play = EntitlementWiring.playHandler(vertx, store, cfg);
 * server.addRoutes(router -> EntitlementRoutes.mount(router, play));
 * }</pre>
 */
public final class EntitlementWiring {
  private EntitlementWiring() {}

  /**
   * The settings for {@code config}.
   *
   * @throws IllegalArgumentException when a value is unusable (e.g. {@code SameSite=None} without
   *     {@code Secure}, an empty key pair id)
   */
  public static EntitlementSettings settings(PrismConfig config) {
    EntitlementConfig e = config.entitlement();
    EntitlementConfig.Jwt jwt = e.jwt();
    GateConfig.ViewerIp viewerIp = config.gate().viewerIp();
    Duration window = e.rateLimit().window();
    return new EntitlementSettings(
        config.delivery().primaryBaseUrl().toString(),
        signingKey(e.signingKey()),
        e.cookieTtl(),
        new EntitlementSettings.Cookie(
            e.cookie().domain().orElse(null),
            e.cookie().secure(),
            e.cookie().httpOnly(),
            EntitlementSettings.SameSite.valueOf(e.cookie().sameSite().name())),
        e.ipBinding(),
        new EntitlementSettings.Jwt(
            jwksLocation(jwt.jwks()),
            jwt.issuer(),
            jwt.audience(),
            jwt.leeway(),
            new EntitlementSettings.Claims(
                "sub",
                jwt.claims().subscriptionStatus(),
                List.copyOf(jwt.activeSubscriptionValues()),
                jwt.claims().plan()),
            jwt.jwksCacheTtl(),
            EntitlementSettings.Jwt.DEFAULT_REFETCH_MIN_INTERVAL),
        e.viewerCountryHeader(),
        // gate.viewerIp as is: the mint and the gate resolve it with the one ViewerAddress, so a
        // grant is bound to (and rate-limited on) the address the gate will check.
        new EntitlementSettings.ViewerIp(
            viewerIp.header().isBlank() ? null : viewerIp.header(), viewerIp.trustedProxies()),
        // POST /play sits outside the origin-secret guard: CDN-written headers count only on a
        // request with a valid origin secret or from a trusted peer.
        Gate.cdnTrust(config.gate()),
        new EntitlementSettings.RateLimit(
            new EntitlementSettings.Limit(e.rateLimit().perSubject(), window),
            new EntitlementSettings.Limit(e.rateLimit().perIp(), window)));
  }

  /**
   * The {@code POST /play/:assetId} handler for {@code config}, with the signing key from {@code
   * entitlement.signingKey}: a Cloud CDN {@code keyFile}, or a CloudFront {@code privateKeyFile},
   * {@code secretsManagerSecretId} or {@code ssmParameterName} (read now, blocking; Secrets Manager
   * and SSM through the SDK's default region and credential chains).
   *
   * @throws IOException when the private key cannot be read (a file, a secret or a parameter that
   *     is missing, unreachable or not a PEM)
   * @throws IllegalArgumentException when the configuration is unusable or names no key source
   */
  public static PlayHandler playHandler(Vertx vertx, BlobStore store, PrismConfig config)
      throws IOException {
    EntitlementSettings settings = settings(config);
    EntitlementConfig.SigningKey key = config.entitlement().signingKey();
    if (key.scheme() == EntitlementConfig.SigningScheme.CLOUDCDN
        || key.privateKeyFile().isPresent()) {
      return EntitlementRoutes.createHandler(vertx, store, settings);
    }
    if (key.secretsManagerSecretId().isPresent()) {
      GrantSigner signer =
          EntitlementRoutes.cloudFrontSigner(
              key.id(),
              SecretsManagerPrivateKeySource.withDefaultClient(key.secretsManagerSecretId().get()));
      return EntitlementRoutes.createHandler(vertx, store, settings, signer, Clock.systemUTC());
    }
    if (key.ssmParameterName().isPresent()) {
      GrantSigner signer =
          EntitlementRoutes.cloudFrontSigner(
              key.id(), SsmPrivateKeySource.withDefaultClient(key.ssmParameterName().get()));
      return EntitlementRoutes.createHandler(vertx, store, settings, signer, Clock.systemUTC());
    }
    throw new IllegalArgumentException(
        "entitlement.signingKey: set privateKeyFile, secretsManagerSecretId or ssmParameterName");
  }

  /** {@code entitlement.signingKey} as the mint's key: CloudFront {@code id}, or Cloud CDN. */
  private static EntitlementSettings.SigningKey signingKey(EntitlementConfig.SigningKey key) {
    if (key.scheme() == EntitlementConfig.SigningScheme.CLOUDCDN) {
      return new EntitlementSettings.SigningKey(
          SigningScheme.CLOUD_CDN, key.name(), key.keyFile().orElse(null));
    }
    return new EntitlementSettings.SigningKey(key.id(), key.privateKeyFile().orElse(null));
  }

  /** A {@code file:} URI as a path; an {@code http(s):} URL as is. */
  private static String jwksLocation(URI jwks) {
    @Nullable String scheme = jwks.getScheme();
    if (scheme == null) {
      return jwks.toString();
    }
    return scheme.equalsIgnoreCase("file") ? Path.of(jwks).toString() : jwks.toString();
  }
}
