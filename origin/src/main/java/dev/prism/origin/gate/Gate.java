package dev.prism.origin.gate;

import dev.prism.entitlement.signing.CloudCdnKeys;
import dev.prism.entitlement.signing.CloudCdnVerifier;
import dev.prism.entitlement.signing.CloudFrontVerifier;
import dev.prism.entitlement.signing.CredentialVerifier;
import dev.prism.entitlement.signing.IpRange;
import dev.prism.entitlement.signing.KeyGroup;
import dev.prism.entitlement.signing.SignedRequestVerifier;
import dev.prism.entitlement.signing.VerdictCache;
import dev.prism.entitlement.viewer.CdnTrust;
import dev.prism.entitlement.viewer.ViewerAddress;
import dev.prism.entitlement.viewer.ViewerLocator;
import dev.prism.origin.OriginServer;
import dev.prism.origin.config.GateConfig;
import dev.prism.origin.metrics.OriginMetrics;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gate as configured by {@code gate.*} and {@code delivery.publicBaseUrls}, ready to mount in
 * docs/ARCHITECTURE.md's order: origin-secret check → signed-cookie/URL check → route.
 *
 * <pre>{@code
 * OriginServer server = new OriginServer(vertx, settings, store, registry, clock);
 * Gate.fromConfig(cfg.gate(), cfg.delivery().publicBaseUrls(), server.metrics(), clock)
 *     .install(server);
 * server.start();
 * }</pre>
 *
 * <p>Fail-closed: with {@code gate.enabled} and no key configured, every {@code /v1/} request is
 * refused ({@code missing}); a warning says so at start.
 */
public final class Gate {
  private static final Logger LOG = LoggerFactory.getLogger(Gate.class);

  private final OriginSecretHandler originSecret;
  private final boolean protectOperations;
  private final @Nullable SignedRequestHandler signedRequests;
  private final @Nullable CloudFrontVerifier cloudFront;
  private final @Nullable CloudCdnVerifier cloudCdn;

  private Gate(
      OriginSecretHandler originSecret,
      boolean protectOperations,
      @Nullable SignedRequestHandler signedRequests,
      @Nullable CloudFrontVerifier cloudFront,
      @Nullable CloudCdnVerifier cloudCdn) {
    this.originSecret = originSecret;
    this.protectOperations = protectOperations;
    this.signedRequests = signedRequests;
    this.cloudFront = cloudFront;
    this.cloudCdn = cloudCdn;
  }

  /**
   * Builds the gate: reads the key files, creates the verdict cache ({@code
   * gate.verdictCacheMaxEntries}, entries kept until their policy expires, at most {@link
   * VerdictCache#DEFAULT_MAXIMUM_TTL}) and registers its meters ({@code
   * prism_gate_verdict_cache_*}), and the per-viewer budget of failed verifications ({@code
   * gate.verifyFailureLimit}).
   *
   * @param config {@code gate.*}
   * @param publicBaseUrls {@code delivery.publicBaseUrls}: what signed resources are matched
   *     against
   * @param metrics the origin's meters ({@link OriginServer#metrics()})
   * @param clock the time policies are checked at
   * @throws IOException if a key file cannot be read or is not a key
   * @throws IllegalArgumentException if a key is of the wrong type or size, a base URL is not
   *     {@code scheme://host[:port]}, or the failed-verification limit is out of range
   */
  public static Gate fromConfig(
      GateConfig config, List<URI> publicBaseUrls, OriginMetrics metrics, Clock clock)
      throws IOException {
    GateConfig.OriginSecret secret = config.originSecret();
    OriginSecretHandler originSecret =
        new OriginSecretHandler(secret.header(), secret.values(), metrics);
    if (!config.enabled()) {
      LOG.warn("gate.enabled is false: /v1/ is served without signed cookies or URLs");
      return new Gate(originSecret, secret.protectOperations(), null, null, null);
    }
    CloudFrontVerifier cloudFront = null;
    if (!config.cloudfront().keys().isEmpty()) {
      Map<String, Path> files = new LinkedHashMap<>();
      config.cloudfront().keys().forEach(k -> files.put(k.id(), k.publicKeyFile()));
      VerdictCache cache =
          VerdictCache.bounded(config.verdictCacheMaxEntries(), VerdictCache.DEFAULT_MAXIMUM_TTL);
      cloudFront = new CloudFrontVerifier(KeyGroup.fromPemFiles(files), cache);
      bindCache(metrics, cache);
    }
    CloudCdnVerifier cloudCdn = null;
    if (!config.cloudCdn().keys().isEmpty()) {
      Map<String, byte[]> keys = new LinkedHashMap<>();
      for (GateConfig.CloudCdnKey k : config.cloudCdn().keys()) {
        keys.put(k.name(), CloudCdnKeys.readKeyFile(k.keyFile()));
      }
      cloudCdn = new CloudCdnVerifier(CloudCdnKeys.of(keys));
    }
    // The configured schemes in precedence order (SignedRequestVerifier): signed URLs before
    // cookies; Cloud CDN's URL (KeyName, URLPrefix) before CloudFront's, whose markers it shares.
    List<CredentialVerifier> schemes = new ArrayList<>(4);
    if (cloudCdn != null) {
      schemes.add(cloudCdn.signedUrls());
    }
    if (cloudFront != null) {
      schemes.add(cloudFront.signedUrls());
      schemes.add(cloudFront.signedCookies());
    }
    if (cloudCdn != null) {
      schemes.add(cloudCdn.signedCookies());
    }
    List<String> bases = new ArrayList<>(publicBaseUrls.size());
    publicBaseUrls.forEach(u -> bases.add(u.toString()));
    // The same class and gate.viewerIp the mint binds grants with (EntitlementWiring).
    ViewerAddress viewerAddress =
        ViewerAddress.of(config.viewerIp().header(), config.viewerIp().trustedProxies());
    // A header-sourced viewer IP counts only on a request that came through the CDN. With an
    // origin secret, the guard mounted before this handler has refused every other request.
    CdnTrust trust = originSecret.required() ? CdnTrust.GUARDED : cdnTrust(config);
    ViewerLocator viewerLocator = new ViewerLocator(viewerAddress, null, trust);
    GateConfig.VerifyFailureLimit limit = config.verifyFailureLimit();
    VerifyFailureLimiter verifyFailures =
        VerifyFailureLimiter.of(limit.failures(), limit.period(), limit.maxViewers());
    SignedRequestHandler signed =
        new SignedRequestHandler(
            new SignedRequestVerifier(schemes),
            bases,
            viewerLocator,
            clock,
            metrics,
            verifyFailures);
    if (schemes.isEmpty()) {
      LOG.warn(
          "gate.enabled with no gate.cloudfront.keys or gate.cloudCdn.keys: every /v1/ request"
              + " is refused");
    }
    if (viewerAddress.neverResolves()) {
      LOG.warn(
          "gate.viewerIp.header is X-Forwarded-For with trustedProxies 0: the viewer IP is unknown"
              + " and every IP-bound grant is refused");
    }
    @Nullable String neverBelieved = viewerLocator.neverBelievedWarning();
    if (neverBelieved != null) {
      LOG.warn("gate: {}", neverBelieved);
    }
    LOG.info(
        "gate: schemes {}, public base URLs {}, viewer IP from {} (believed on {}), origin"
            + " secret {}, failed verifications {}",
        schemes,
        bases,
        viewerAddress,
        viewerAddress.readsHeader() ? trust : "every request",
        originSecret.required() ? "required (" + secret.values().size() + " accepted)" : "off",
        verifyFailures.enabled()
            ? limit.failures() + " per viewer IP per " + limit.period()
            : "unlimited");
    return new Gate(originSecret, secret.protectOperations(), signed, cloudFront, cloudCdn);
  }

  /**
   * Mounts the guards on {@code server} (before {@link OriginServer#start()}): the origin secret on
   * {@code /v1/*} when values are configured (and on the operations routes when {@code
   * protectOperations}), then the signed-request check when the gate is enabled.
   *
   * @return this
   */
  public Gate install(OriginServer server) {
    if (originSecret.required()) {
      server.addGuard(originSecret);
      if (protectOperations) {
        server.addOperationsGuard(originSecret);
      }
    }
    if (signedRequests != null) {
      server.addGuard(signedRequests);
    }
    return this;
  }

  /**
   * Which requests came through the CDN ({@code gate.originSecret}, {@code
   * gate.viewerIp.trustedPeers}), so their CDN-written headers may be believed.
   *
   * @throws IllegalArgumentException if a trusted peer is not an IP range
   */
  public static CdnTrust cdnTrust(GateConfig gate) {
    return CdnTrust.of(
        gate.originSecret().header(),
        gate.originSecret().values(),
        gate.viewerIp().trustedPeers().stream().map(IpRange::parse).toList());
  }

  /** The origin-secret check (admits everything when no value is configured). */
  public OriginSecretHandler originSecret() {
    return originSecret;
  }

  /** The signed-request check; empty when {@code gate.enabled} is false. */
  public Optional<SignedRequestHandler> signedRequests() {
    return Optional.ofNullable(signedRequests);
  }

  /** The CloudFront verifier, for key rotation at run time; empty without CloudFront keys. */
  public Optional<CloudFrontVerifier> cloudFront() {
    return Optional.ofNullable(cloudFront);
  }

  /** The Cloud CDN verifier, for key rotation at run time; empty without Cloud CDN keys. */
  public Optional<CloudCdnVerifier> cloudCdn() {
    return Optional.ofNullable(cloudCdn);
  }

  private static void bindCache(OriginMetrics metrics, VerdictCache cache) {
    FunctionCounter.builder("prism.gate.verdict.cache.hits", cache, VerdictCache::hitCount)
        .description("Signed cookies/URLs accepted without a signature verification")
        .register(metrics.registry());
    FunctionCounter.builder("prism.gate.verdict.cache.misses", cache, VerdictCache::missCount)
        .description("Signed cookies/URLs that needed an RSA/ECDSA verification")
        .register(metrics.registry());
    Gauge.builder("prism.gate.verdict.cache.entries", cache, VerdictCache::estimatedSize)
        .description("Verified policies remembered until they expire")
        .register(metrics.registry());
  }
}
