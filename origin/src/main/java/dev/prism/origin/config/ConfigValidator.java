package dev.prism.origin.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.prism.entitlement.signing.IpRange;
import dev.prism.packager.naming.ResourceNaming;
import java.net.URI;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Range and cross-key checks after binding; each failure names one key, its value and the rule. */
final class ConfigValidator {

  private static final Pattern CORS_ORIGIN = Pattern.compile("https?://[^/?#\\s]+");
  private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
  private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9._-]{1,128}");
  // Cloud CDN key names (Cloud CDN "Create signed request keys"), as CloudCdnKeys checks them.
  private static final Pattern CDN_KEY_NAME = Pattern.compile("[A-Za-z0-9_-]{1,63}");

  private final JsonNode tree;
  private final Map<String, String> sources;

  private ConfigValidator(JsonNode tree, Map<String, String> sources) {
    this.tree = tree;
    this.sources = sources;
  }

  static void validate(PrismConfig c, JsonNode tree, Map<String, String> sources) {
    ConfigValidator v = new ConfigValidator(tree, sources);
    v.server(c.server());
    v.store(c.store());
    v.cache(c.cache());
    v.delivery(c.delivery());
    v.idleTimeout(c.server(), c.delivery()); // after the segment duration is known to be valid
    v.gate(c.gate());
    v.entitlement(c.entitlement());
    v.transcoder(c.transcoder());
  }

  /** A paced player asks for a segment about once per segment duration over one connection. */
  private void idleTimeout(ServerConfig s, DeliveryConfig d) {
    require(
        s.idleTimeout().toMillis() >= 2L * d.segmentDurationMs(),
        "server.idleTimeout",
        "expected at least twice delivery.segmentDurationMs ("
            + 2L * d.segmentDurationMs()
            + "ms), so a paced player's connection survives between segments");
  }

  private void server(ServerConfig s) {
    require(
        s.packagingQueue() >= 0 && s.packagingQueue() <= 1_000_000,
        "server.packagingQueue",
        "expected 0 to 1000000 waiting requests");
    positive(s.idleTimeout(), "server.idleTimeout");
    positive(s.requestTimeout(), "server.requestTimeout");
    require(!s.host().isBlank(), "server.host", "expected a host name or IP address to bind");
    require(
        s.port() >= 0 && s.port() <= 65535,
        "server.port",
        "expected a port from 0 to 65535 (0 = any free port)");
    require(
        s.packagingThreads() >= 0 && s.packagingThreads() <= 1024,
        "server.packagingThreads",
        "expected 0 (one per processor) to 1024 threads");
    if (s.tls().enabled()) {
      require(
          s.tls().certFile().isPresent(),
          "server.tls.certFile",
          "expected a PEM certificate file when server.tls.enabled is true");
      require(
          s.tls().keyFile().isPresent(),
          "server.tls.keyFile",
          "expected a PEM private key file when server.tls.enabled is true");
    }
  }

  private void store(StoreConfig s) {
    if (s.type() == StoreConfig.Type.S3) {
      require(
          !s.s3().bucket().isBlank(),
          "store.s3.bucket",
          "expected a bucket name when store.type is s3");
      require(
          !s.s3().region().isBlank(),
          "store.s3.region",
          "expected a region such as us-east-1 (auto for R2) when store.type is s3");
    }
    require(
        s.s3().accessKeyId().isPresent() == s.s3().secretAccessKey().isPresent(),
        s.s3().accessKeyId().isPresent() ? "store.s3.secretAccessKey" : "store.s3.accessKeyId",
        "expected store.s3.accessKeyId and store.s3.secretAccessKey together, or neither (the AWS"
            + " default credentials chain)");
    positive(s.s3().presignTtl(), "store.s3.presignTtl");
    positive(s.s3().apiCallTimeout(), "store.s3.apiCallTimeout");
    positive(s.s3().apiCallAttemptTimeout(), "store.s3.apiCallAttemptTimeout");
    require(
        s.s3().apiCallAttemptTimeout().compareTo(s.s3().apiCallTimeout()) <= 0,
        "store.s3.apiCallAttemptTimeout",
        "expected at most store.s3.apiCallTimeout (the call bound includes every attempt)");
    positive(s.s3().connectTimeout(), "store.s3.connectTimeout");
    positive(s.s3().connectionAcquireTimeout(), "store.s3.connectionAcquireTimeout");
    require(
        s.s3().maxPendingConnectionAcquires() >= 1,
        "store.s3.maxPendingConnectionAcquires",
        "expected 1 or more");
    positive(s.callTimeout(), "store.callTimeout");
    require(
        s.breaker().failureRatePercent() >= 1 && s.breaker().failureRatePercent() <= 100,
        "store.breaker.failureRatePercent",
        "expected a percentage from 1 to 100");
    require(s.breaker().window() >= 1, "store.breaker.window", "expected 1 or more");
    require(s.breaker().minimumCalls() >= 1, "store.breaker.minimumCalls", "expected 1 or more");
    positive(s.breaker().openInterval(), "store.breaker.openInterval");
    require(
        s.s3().presignTtl().compareTo(Duration.ofDays(7)) <= 0,
        "store.s3.presignTtl",
        "expected at most 7d (the SigV4 presigned URL limit)");
    String prefix = s.s3().prefix();
    require(
        prefix.isEmpty()
            || (!prefix.startsWith("/") && !prefix.contains("..") && !prefix.contains("//")),
        "store.s3.prefix",
        "expected a key prefix like prism/ (no leading /, no .., no empty segments) or \"\"");
  }

  private void cache(CacheConfig c) {
    require(c.immutableMaxEntries() >= 0, "cache.immutableMaxEntries", "expected 0 or more");
    require(c.segmentMaxBytes() >= 0, "cache.segmentMaxBytes", "expected 0 or more bytes");
    require(c.indexMaxEntries() >= 1, "cache.indexMaxEntries", "expected 1 or more");
    require(
        !c.staleIfError().isNegative(), "cache.staleIfError", "expected 0s or a longer duration");
    require(!c.corruptVerdictTtl().isNegative(), "cache.corruptVerdictTtl", "expected 0s or more");
  }

  private void delivery(DeliveryConfig d) {
    require(
        !d.publicBaseUrls().isEmpty(),
        "delivery.publicBaseUrls",
        "expected at least one base URL, like https://d111.cloudfront.net");
    for (int i = 0; i < d.publicBaseUrls().size(); i++) {
      URI u = d.publicBaseUrls().get(i);
      String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
      require(
          (scheme.equals("https") || scheme.equals("http"))
              && u.getHost() != null
              && u.getRawQuery() == null
              && u.getRawFragment() == null
              && u.getRawUserInfo() == null
              && !u.getRawPath().endsWith("/"),
          "delivery.publicBaseUrls[" + i + "]",
          "expected an http(s) URL with a host and no trailing slash, query or fragment, like"
              + " https://d111.cloudfront.net");
    }
    // The {segMs} of segment URLs: the range ResourceNaming parses back, or no segment is served.
    require(
        d.segmentDurationMs() >= ResourceNaming.MIN_SEG_MS
            && d.segmentDurationMs() <= ResourceNaming.MAX_SEG_MS,
        "delivery.segmentDurationMs",
        "expected milliseconds from "
            + ResourceNaming.MIN_SEG_MS
            + " to "
            + ResourceNaming.MAX_SEG_MS);
    List<String> origins = d.cors().allowedOrigins();
    for (int i = 0; i < origins.size(); i++) {
      String o = origins.get(i);
      require(
          o.equals("*") || CORS_ORIGIN.matcher(o).matches(),
          "delivery.cors.allowedOrigins[" + i + "]",
          "expected an origin like https://app.example.com (scheme and host, no path) or *");
    }
  }

  private void gate(GateConfig g) {
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < g.cloudfront().keys().size(); i++) {
      String id = g.cloudfront().keys().get(i).id();
      String key = "gate.cloudfront.keys[" + i + "].id";
      require(KEY_ID.matcher(id).matches(), key, "expected a key pair id like K2JCJMDEHXQW5F");
      require(ids.add(id), key, "expected each key pair id once");
    }
    Set<String> names = new HashSet<>();
    for (int i = 0; i < g.cloudCdn().keys().size(); i++) {
      String name = g.cloudCdn().keys().get(i).name();
      String key = "gate.cloudCdn.keys[" + i + "].name";
      require(KEY_ID.matcher(name).matches(), key, "expected a key name like prism-key-1");
      require(names.add(name), key, "expected each key name once");
    }
    String header = g.viewerIp().header();
    require(
        header.isEmpty() || TOKEN.matcher(header).matches(),
        "gate.viewerIp.header",
        "expected an HTTP header name, or \"\" for the TCP peer address");
    require(
        g.viewerIp().trustedProxies() >= 0, "gate.viewerIp.trustedProxies", "expected 0 or more");
    for (int i = 0; i < g.viewerIp().trustedPeers().size(); i++) {
      require(
          isCidr(g.viewerIp().trustedPeers().get(i)),
          "gate.viewerIp.trustedPeers[" + i + "]",
          "expected an IP range like 10.0.0.0/8 or 2001:db8::/32");
    }
    require(
        TOKEN.matcher(g.originSecret().header()).matches(),
        "gate.originSecret.header",
        "expected an HTTP header name like X-Origin-Secret");
    for (int i = 0; i < g.originSecret().values().size(); i++) {
      require(
          g.originSecret().values().get(i).length() >= 16,
          "gate.originSecret.values[" + i + "]",
          "expected a secret of at least 16 characters");
    }
    require(g.verdictCacheMaxEntries() >= 0, "gate.verdictCacheMaxEntries", "expected 0 or more");
    GateConfig.VerifyFailureLimit limit = g.verifyFailureLimit();
    require(limit.failures() >= 0, "gate.verifyFailureLimit.failures", "expected 0 or more");
    positive(limit.period(), "gate.verifyFailureLimit.period");
    require(limit.maxViewers() >= 1, "gate.verifyFailureLimit.maxViewers", "expected 1 or more");
  }

  private void entitlement(EntitlementConfig e) {
    EntitlementConfig.SigningKey k = e.signingKey();
    int sources =
        (k.privateKeyFile().isPresent() ? 1 : 0)
            + (k.secretsManagerSecretId().isPresent() ? 1 : 0)
            + (k.ssmParameterName().isPresent() ? 1 : 0);
    boolean cloudCdn = k.scheme() == EntitlementConfig.SigningScheme.CLOUDCDN;
    if (cloudCdn) {
      require(
          sources == 0 && k.id().isEmpty(),
          "entitlement.signingKey",
          "expected name and keyFile with scheme cloudCdn (id, privateKeyFile,"
              + " secretsManagerSecretId and ssmParameterName are CloudFront's)");
      require(
          !e.ipBinding(),
          "entitlement.ipBinding",
          "expected false with a Cloud CDN signing key (a Cloud-CDN-Cookie carries no viewer IP)");
    } else {
      require(
          sources <= 1,
          "entitlement.signingKey",
          "expected one of privateKeyFile, secretsManagerSecretId, ssmParameterName");
      require(
          k.name().isEmpty() && k.keyFile().isEmpty(),
          "entitlement.signingKey.scheme",
          "expected cloudCdn when name and keyFile are set (they name a Cloud CDN key)");
    }
    if (e.enabled() && cloudCdn) {
      require(
          CDN_KEY_NAME.matcher(k.name()).matches(),
          "entitlement.signingKey.name",
          "expected the Cloud CDN key name like prism-key-1, when entitlement.enabled is true");
      require(
          k.keyFile().isPresent(),
          "entitlement.signingKey.keyFile",
          "expected a file with the 16-byte key, base64url, when entitlement.enabled is true");
    }
    if (e.enabled()) {
      if (!cloudCdn) {
        require(
            KEY_ID.matcher(k.id()).matches(),
            "entitlement.signingKey.id",
            "expected the key pair id the public key is registered under, when entitlement.enabled"
                + " is true");
        require(
            sources == 1,
            "entitlement.signingKey.privateKeyFile",
            "expected a PEM file (or secretsManagerSecretId or ssmParameterName) when"
                + " entitlement.enabled is true");
      }
      require(!e.jwt().issuer().isBlank(), "entitlement.jwt.issuer", "expected the required iss");
      require(
          !e.jwt().audience().isBlank(), "entitlement.jwt.audience", "expected the required aud");
    }
    positive(e.cookieTtl(), "entitlement.cookieTtl");
    require(
        e.cookie().sameSite() != EntitlementConfig.SameSite.NONE || e.cookie().secure(),
        "entitlement.cookie.sameSite",
        "expected Strict or Lax when entitlement.cookie.secure is false (browsers drop SameSite=None"
            + " cookies without Secure)");
    positive(e.jwt().jwksCacheTtl(), "entitlement.jwt.jwksCacheTtl");
    require(
        TOKEN.matcher(e.viewerCountryHeader()).matches(),
        "entitlement.viewerCountryHeader",
        "expected an HTTP header name like CloudFront-Viewer-Country");
    require(
        e.rateLimit().perSubject() >= 0, "entitlement.rateLimit.perSubject", "expected 0 or more");
    require(e.rateLimit().perIp() >= 0, "entitlement.rateLimit.perIp", "expected 0 or more");
    positive(e.rateLimit().window(), "entitlement.rateLimit.window");
  }

  private void transcoder(TranscoderConfig t) {
    require(
        t.fragmentDuration().compareTo(Duration.ofMillis(500)) >= 0
            && t.fragmentDuration().compareTo(Duration.ofSeconds(10)) <= 0,
        "transcoder.fragmentDuration",
        "expected a duration from 500ms to 10s");
  }

  private static boolean isCidr(String text) {
    try {
      IpRange.parse(text);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private void positive(Duration d, String key) {
    require(!d.isZero() && !d.isNegative(), key, "expected a duration above zero, like 10s");
  }

  private void require(boolean ok, String key, String expected) {
    if (!ok) {
      throw ConfigSchema.badValue(key, ConfigLoader.at(tree, key), sources, expected);
    }
  }
}
