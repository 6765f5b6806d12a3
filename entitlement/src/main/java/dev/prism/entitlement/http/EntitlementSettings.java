package dev.prism.entitlement.http;

import dev.prism.entitlement.signing.GrantSigner;
import dev.prism.entitlement.signing.SigningScheme;
import dev.prism.entitlement.viewer.CdnTrust;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Everything the entitlement service needs, independent of how it was configured. The origin maps
 * the {@code entitlement:} section of {@code prism.yaml} (and {@code delivery.publicBaseUrls[0]})
 * into this record; tests build it directly.
 *
 * @param publicBaseUrl the CDN base URL the grant is for, e.g. {@code https://d111.cloudfront.net}
 *     ({@code delivery.publicBaseUrls[0]}); scheme and host, optional port, no path, no trailing
 *     slash needed
 * @param signingKey the scheme, key id and key that sign the grant
 * @param cookieTtl how long a grant lasts: the policy's {@code DateLessThan} is now + this
 * @param cookie the {@code Set-Cookie} attributes
 * @param ipBinding when true the policy carries {@code IpAddress: {AWS:SourceIp: viewerIp/32}}
 *     (IPv4 viewers only; CloudFront custom policies take IPv4 ranges); CloudFront keys only
 * @param jwt how viewer JWTs are checked
 * @param viewerCountryHeader the CDN-written request header holding the viewer's ISO 3166-1 alpha-2
 *     country, {@code CloudFront-Viewer-Country} by default; believed only on a request {@code
 *     cdnTrust} vouches for
 * @param viewerIp where the viewer's IP comes from (rate limits, IP binding, audit); a header
 *     source is believed only on a request {@code cdnTrust} vouches for
 * @param cdnTrust which requests came through the CDN (valid origin secret, trusted TCP peer), so
 *     their CDN-written headers count; {@link CdnTrust#NONE} believes none
 * @param rateLimit per-subject and per-IP limits on {@code POST /play}
 */
public record EntitlementSettings(
    String publicBaseUrl,
    SigningKey signingKey,
    Duration cookieTtl,
    Cookie cookie,
    boolean ipBinding,
    Jwt jwt,
    String viewerCountryHeader,
    ViewerIp viewerIp,
    CdnTrust cdnTrust,
    RateLimit rateLimit) {

  /**
   * CloudFront's country header (AWS CloudFront Developer Guide, "Adding CloudFront request
   * headers").
   */
  public static final String CLOUDFRONT_VIEWER_COUNTRY = "CloudFront-Viewer-Country";

  /** The default grant lifetime: short, because refreshing is just calling again. */
  public static final Duration DEFAULT_COOKIE_TTL = Duration.ofMinutes(5);

  public EntitlementSettings {
    URI base = URI.create(publicBaseUrl);
    @Nullable String path = base.getRawPath();
    if (base.getScheme() == null
        || !(base.getScheme().equals("https") || base.getScheme().equals("http"))
        || base.getHost() == null
        || !(path == null || path.isEmpty() || path.equals("/"))
        || base.getRawQuery() != null
        || base.getRawFragment() != null) {
      throw new IllegalArgumentException(
          "publicBaseUrl must be scheme://host[:port] with http or https: " + publicBaseUrl);
    }
    while (publicBaseUrl.endsWith("/")) {
      publicBaseUrl = publicBaseUrl.substring(0, publicBaseUrl.length() - 1);
    }
    if (cookieTtl.isNegative() || cookieTtl.isZero()) {
      throw new IllegalArgumentException("cookieTtl must be positive: " + cookieTtl);
    }
    if (viewerCountryHeader.isBlank()) {
      throw new IllegalArgumentException("viewerCountryHeader is blank");
    }
    if (ipBinding && signingKey.scheme() == SigningScheme.CLOUD_CDN) {
      throw new IllegalArgumentException(
          "ipBinding needs a CloudFront signing key: Cloud CDN signed cookies carry no viewer IP");
    }
  }

  /**
   * Settings with the defaults of {@code conf/prism.yaml}: 5 minute grants, Secure HttpOnly
   * SameSite=Lax host-only cookies, no IP binding, country from {@value #CLOUDFRONT_VIEWER_COUNTRY}
   * (never believed: no request is vouched for), viewer IP from the socket, 30 grants a minute per
   * subject and 120 per IP.
   */
  public static EntitlementSettings defaults(String publicBaseUrl, SigningKey signingKey, Jwt jwt) {
    return new EntitlementSettings(
        publicBaseUrl,
        signingKey,
        DEFAULT_COOKIE_TTL,
        Cookie.DEFAULTS,
        /* ipBinding= */ false,
        jwt,
        CLOUDFRONT_VIEWER_COUNTRY,
        ViewerIp.SOCKET,
        CdnTrust.NONE,
        RateLimit.DEFAULTS);
  }

  /**
   * A copy signing with {@code newKey}.
   *
   * @throws IllegalArgumentException if {@code ipBinding} is on and {@code newKey} is a Cloud CDN
   *     key
   */
  public EntitlementSettings withSigningKey(SigningKey newKey) {
    return new EntitlementSettings(
        publicBaseUrl,
        newKey,
        cookieTtl,
        cookie,
        ipBinding,
        jwt,
        viewerCountryHeader,
        viewerIp,
        cdnTrust,
        rateLimit);
  }

  /** A copy with other {@code Set-Cookie} attributes. */
  public EntitlementSettings withCookie(Cookie newCookie) {
    return new EntitlementSettings(
        publicBaseUrl,
        signingKey,
        cookieTtl,
        newCookie,
        ipBinding,
        jwt,
        viewerCountryHeader,
        viewerIp,
        cdnTrust,
        rateLimit);
  }

  /**
   * A copy whose grants last {@code newTtl}.
   *
   * @throws IllegalArgumentException if {@code newTtl} is not positive
   */
  public EntitlementSettings withCookieTtl(Duration newTtl) {
    return new EntitlementSettings(
        publicBaseUrl,
        signingKey,
        newTtl,
        cookie,
        ipBinding,
        jwt,
        viewerCountryHeader,
        viewerIp,
        cdnTrust,
        rateLimit);
  }

  /** A copy that binds grants to the viewer's IPv4 address, or does not. */
  public EntitlementSettings withIpBinding(boolean newIpBinding) {
    return new EntitlementSettings(
        publicBaseUrl,
        signingKey,
        cookieTtl,
        cookie,
        newIpBinding,
        jwt,
        viewerCountryHeader,
        viewerIp,
        cdnTrust,
        rateLimit);
  }

  /** A copy taking the viewer's IP from another source. */
  public EntitlementSettings withViewerIp(ViewerIp newViewerIp) {
    return new EntitlementSettings(
        publicBaseUrl,
        signingKey,
        cookieTtl,
        cookie,
        ipBinding,
        jwt,
        viewerCountryHeader,
        newViewerIp,
        cdnTrust,
        rateLimit);
  }

  /**
   * A copy reading the viewer's country from {@code header}.
   *
   * @throws IllegalArgumentException if {@code header} is blank
   */
  public EntitlementSettings withViewerCountryHeader(String header) {
    return new EntitlementSettings(
        publicBaseUrl,
        signingKey,
        cookieTtl,
        cookie,
        ipBinding,
        jwt,
        header,
        viewerIp,
        cdnTrust,
        rateLimit);
  }

  /** A copy believing CDN-written headers on the requests {@code trust} vouches for. */
  public EntitlementSettings withCdnTrust(CdnTrust trust) {
    return new EntitlementSettings(
        publicBaseUrl,
        signingKey,
        cookieTtl,
        cookie,
        ipBinding,
        jwt,
        viewerCountryHeader,
        viewerIp,
        trust,
        rateLimit);
  }

  /** A copy with other rate limits. */
  public EntitlementSettings withRateLimit(RateLimit newRateLimit) {
    return new EntitlementSettings(
        publicBaseUrl,
        signingKey,
        cookieTtl,
        cookie,
        ipBinding,
        jwt,
        viewerCountryHeader,
        viewerIp,
        cdnTrust,
        newRateLimit);
  }

  /**
   * The active signing key: which scheme the mint signs for, the id the grant names the key by, and
   * where the key is.
   *
   * @param scheme {@link SigningScheme#CLOUDFRONT} or {@link SigningScheme#CLOUD_CDN}
   * @param keyId CloudFront: the public key id registered in the key group (the {@code
   *     CloudFront-Key-Pair-Id} cookie value), 1–128 of {@code A-Z a-z 0-9 _ -}; Cloud CDN: the key
   *     name on the backend ({@code KeyName}), 1–63 of {@code A-Z a-z 0-9 _ -}
   * @param keyFile CloudFront: a PEM private key (PKCS#8, or PKCS#1 RSA / SEC1 EC), RSA 2048 or
   *     ECDSA P-256; Cloud CDN: the 16-byte key, base64url. Null when the key comes from elsewhere
   *     (a secret store), and the caller then passes its own {@link GrantSigner} to {@link
   *     EntitlementRoutes#createHandler}
   */
  public record SigningKey(SigningScheme scheme, String keyId, @Nullable Path keyFile) {
    public SigningKey {
      String rule =
          scheme == SigningScheme.CLOUD_CDN ? "[A-Za-z0-9_-]{1,63}" : "[A-Za-z0-9_-]{1,128}";
      if (!keyId.matches(rule)) {
        throw new IllegalArgumentException("invalid " + scheme + " key id: '" + keyId + "'");
      }
    }

    /** A CloudFront key pair: {@code keyPairId} and its PEM private key file (or null). */
    public SigningKey(String keyPairId, @Nullable Path privateKeyFile) {
      this(SigningScheme.CLOUDFRONT, keyPairId, privateKeyFile);
    }

    /** A Cloud CDN key: {@code keyName} and its base64url key file. */
    public static SigningKey cloudCdn(String keyName, Path keyFile) {
      return new SigningKey(SigningScheme.CLOUD_CDN, keyName, keyFile);
    }
  }

  /** {@code SameSite} cookie attribute values (RFC 6265bis). */
  public enum SameSite {
    STRICT,
    LAX,
    NONE;

    /** Parses {@code Strict}, {@code lax}, {@code NONE}, ... */
    public static SameSite parse(String value) {
      return valueOf(value.trim().toUpperCase(Locale.ROOT));
    }
  }

  /**
   * {@code Set-Cookie} attributes of the grant's cookies. The cookies are session cookies (no
   * {@code Expires}/{@code Max-Age}, per AWS guidance); the policy carries the expiry.
   *
   * @param domain the {@code Domain} attribute (e.g. {@code .example.com} so the app and the CDN
   *     share it), or null for a host-only cookie
   * @param secure the {@code Secure} attribute; must be off only for the plain-http demo
   * @param httpOnly the {@code HttpOnly} attribute
   * @param sameSite the {@code SameSite} attribute; {@code None} requires {@code secure}
   */
  public record Cookie(
      @Nullable String domain, boolean secure, boolean httpOnly, SameSite sameSite) {
    public static final Cookie DEFAULTS = new Cookie(null, true, true, SameSite.LAX);

    public Cookie {
      if (sameSite == SameSite.NONE && !secure) {
        throw new IllegalArgumentException("SameSite=None requires Secure (browsers drop it)");
      }
      if (domain != null && domain.isBlank()) {
        domain = null;
      }
    }
  }

  /**
   * Viewer JWT checks (RFC 7519 §4.1).
   *
   * @param jwks where the JWKS (RFC 7517 §5) lives: an {@code http://} or {@code https://} URL, or
   *     a file path
   * @param issuer the required {@code iss}
   * @param audience the required {@code aud} (one of the token's audiences)
   * @param leeway clock skew allowed on {@code exp}, {@code nbf} and {@code iat}, at most 5 minutes
   * @param claims which claims carry the subject, subscription status and plan
   * @param jwksCacheTtl how long a fetched JWKS is used before the next verification refetches it
   * @param jwksRefetchMinInterval an unknown {@code kid} refetches the JWKS at most once per this
   *     interval (protects the identity provider from tokens with made-up key ids)
   */
  public record Jwt(
      String jwks,
      String issuer,
      String audience,
      Duration leeway,
      Claims claims,
      Duration jwksCacheTtl,
      Duration jwksRefetchMinInterval) {
    public static final Duration DEFAULT_LEEWAY = Duration.ofSeconds(30);
    public static final Duration DEFAULT_CACHE_TTL = Duration.ofMinutes(10);
    public static final Duration DEFAULT_REFETCH_MIN_INTERVAL = Duration.ofSeconds(30);

    public Jwt {
      if (leeway.isNegative() || leeway.compareTo(Duration.ofMinutes(5)) > 0) {
        throw new IllegalArgumentException("jwt leeway must be within 0..5m: " + leeway);
      }
      if (jwks.isBlank() || issuer.isBlank() || audience.isBlank()) {
        throw new IllegalArgumentException("jwt jwks, issuer and audience are required");
      }
      if (jwksRefetchMinInterval.isNegative()
          || jwksCacheTtl.isNegative()
          || jwksCacheTtl.isZero()) {
        throw new IllegalArgumentException(
            "jwksCacheTtl must be positive and jwksRefetchMinInterval not negative");
      }
    }

    /**
     * {@code jwks}, {@code issuer} and {@code audience} with the default leeway (30 s), claim
     * names, cache TTL (10 min) and refetch interval (30 s).
     */
    public static Jwt of(String jwks, String issuer, String audience) {
      return new Jwt(
          jwks,
          issuer,
          audience,
          DEFAULT_LEEWAY,
          Claims.DEFAULTS,
          DEFAULT_CACHE_TTL,
          DEFAULT_REFETCH_MIN_INTERVAL);
    }
  }

  /**
   * Claim names read from a verified JWT.
   *
   * @param subject the viewer id claim ({@code sub})
   * @param subscription the subscription status claim; active when its value is {@code true} or one
   *     of {@code activeValues} (case-insensitive)
   * @param activeValues the status strings that mean active, e.g. {@code active}, {@code trialing}
   * @param plan the plan claim: a string or an array of strings
   */
  public record Claims(
      String subject, String subscription, List<String> activeValues, String plan) {
    public static final Claims DEFAULTS =
        new Claims("sub", "subscription", List.of("active", "trialing"), "plan");

    public Claims {
      activeValues = List.copyOf(activeValues);
    }
  }

  /**
   * Where the viewer's IP address comes from: the origin's {@code gate.viewerIp}, resolved by
   * {@link dev.prism.entitlement.viewer.ViewerAddress} exactly as the gate resolves it. Only a
   * header set by a proxy you control may be trusted; a viewer can send any header.
   *
   * @param header null to use the TCP peer address; {@code CloudFront-Viewer-Address} ({@code
   *     ip:port}); {@code X-Forwarded-For}; or another header holding one IP set by your proxy
   * @param trustedProxies for {@code X-Forwarded-For}, how many proxies you trust append to it: the
   *     viewer is the {@code trustedProxies}-th entry from the right (1 = the rightmost entry; 0 =
   *     no address ever resolves)
   */
  public record ViewerIp(@Nullable String header, int trustedProxies) {
    public static final ViewerIp SOCKET = new ViewerIp(null, 0);

    public ViewerIp {
      if (trustedProxies < 0) {
        throw new IllegalArgumentException("trustedProxies < 0: " + trustedProxies);
      }
      if (header != null && header.isBlank()) {
        header = null;
      }
    }
  }

  /**
   * One token bucket: {@code capacity} grants, refilled evenly over {@code period}.
   *
   * @param capacity the burst size and the grants per period; 0 disables the limit
   */
  public record Limit(long capacity, Duration period) {
    public static final Limit OFF = new Limit(0, Duration.ofMinutes(1));

    public Limit {
      if (capacity < 0 || period.isNegative() || period.isZero()) {
        throw new IllegalArgumentException("invalid rate limit " + capacity + "/" + period);
      }
    }

    /** False when {@code capacity} is 0: the limit is off. */
    public boolean enabled() {
      return capacity > 0;
    }
  }

  /** Per-subject and per-viewer-IP limits on {@code POST /play}. */
  public record RateLimit(Limit perSubject, Limit perIp) {
    public static final RateLimit DEFAULTS =
        new RateLimit(new Limit(30, Duration.ofMinutes(1)), new Limit(120, Duration.ofMinutes(1)));
    public static final RateLimit OFF = new RateLimit(Limit.OFF, Limit.OFF);
  }
}
