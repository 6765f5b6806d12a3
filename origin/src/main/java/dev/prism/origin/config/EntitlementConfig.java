package dev.prism.origin.config;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The entitlement service ({@code entitlement.*}): {@code POST /play/{assetId}} checks the viewer's
 * JWT and the asset's policy, then mints path-scoped signed cookies.
 *
 * @param enabled mount {@code POST /play/{assetId}} on the origin
 * @param signingKey the private key cookies are signed with
 * @param cookieTtl how long a minted grant is valid (the policy's {@code DateLessThan} = now +
 *     this)
 * @param cookie the attributes of the {@code Set-Cookie} headers
 * @param ipBinding bind each grant to the viewer's IP ({@code AWS:SourceIp})
 * @param jwt how the viewer's bearer token is verified
 * @param viewerCountryHeader the trusted header with the viewer's ISO 3166 country code
 * @param rateLimit per-subject and per-IP request limits
 */
public record EntitlementConfig(
    boolean enabled,
    SigningKey signingKey,
    Duration cookieTtl,
    Cookie cookie,
    boolean ipBinding,
    Jwt jwt,
    String viewerCountryHeader,
    RateLimit rateLimit) {

  /**
   * The active signing key ({@code entitlement.signingKey.*}): a scheme, then that scheme's fields,
   * shaped as the gate's entry for the same key ({@code gate.cloudfront.keys[]} {@code {id,
   * publicKeyFile}}, {@code gate.cloudCdn.keys[]} {@code {name, keyFile}}). For CloudFront at most
   * one private key source is set.
   *
   * @param scheme {@code cloudFront} (the default) or {@code cloudCdn}
   * @param id CloudFront: the key pair id the public key is registered under
   *     (CloudFront-Key-Pair-Id)
   * @param privateKeyFile CloudFront: a PEM private key file (RSA 2048 or ECDSA P-256); absolute
   * @param secretsManagerSecretId CloudFront: an AWS Secrets Manager secret id or ARN holding the
   *     PEM
   * @param ssmParameterName CloudFront: an AWS SSM Parameter Store (SecureString) name holding the
   *     PEM
   * @param name Cloud CDN: the key name on the backend service or bucket ({@code KeyName})
   * @param keyFile Cloud CDN: a file holding the 16-byte key, base64url; absolute
   */
  public record SigningKey(
      SigningScheme scheme,
      String id,
      Optional<Path> privateKeyFile,
      Optional<String> secretsManagerSecretId,
      Optional<String> ssmParameterName,
      String name,
      Optional<Path> keyFile) {}

  /**
   * Which CDN's grants the mint signs ({@code entitlement.signingKey.scheme}). YAML: {@code
   * cloudFront} or {@code cloudCdn}, case-insensitive.
   */
  public enum SigningScheme {
    /** Amazon CloudFront signed cookies (custom policy). */
    CLOUDFRONT,
    /** Google Cloud CDN {@code Cloud-CDN-Cookie}. */
    CLOUDCDN
  }

  /**
   * {@code Set-Cookie} attributes ({@code entitlement.cookie.*}); the path is always {@code
   * /v1/{assetId}/}.
   *
   * @param domain the {@code Domain} attribute, e.g. {@code .example.com}; empty = host-only
   * @param secure the {@code Secure} attribute
   * @param httpOnly the {@code HttpOnly} attribute
   * @param sameSite the {@code SameSite} attribute; {@code None} needs {@code secure}
   */
  public record Cookie(
      Optional<String> domain, boolean secure, boolean httpOnly, SameSite sameSite) {}

  /** The {@code SameSite} cookie attribute (RFC 6265bis §5.4.7). YAML: case-insensitive. */
  public enum SameSite {
    STRICT,
    LAX,
    NONE;

    /**
     * The attribute value as written in {@code Set-Cookie}: {@code Strict}, {@code Lax}, {@code
     * None}.
     */
    public String attributeValue() {
      String lower = name().toLowerCase(Locale.ROOT);
      return Character.toUpperCase(lower.charAt(0)) + lower.substring(1);
    }
  }

  /**
   * Viewer JWT verification ({@code entitlement.jwt.*}, RFC 7519; JWKS RFC 7517).
   *
   * @param jwks where the JWKS is: an {@code https:}/{@code http:} URL, or a file (given as a path
   *     in YAML, here an absolute {@code file:} URI)
   * @param jwksCacheTtl how long a fetched JWKS is used before refetching (an unknown {@code kid}
   *     refetches at once)
   * @param issuer the required {@code iss}
   * @param audience the required {@code aud}
   * @param leeway clock skew allowed on {@code exp} and {@code nbf}
   * @param claims the claim names carrying the subscription
   * @param activeSubscriptionValues the values of the subscription-status claim that mean active
   */
  public record Jwt(
      @JsonDeserialize(using = ConfigDeserializers.FileOrUrl.class) URI jwks,
      Duration jwksCacheTtl,
      String issuer,
      String audience,
      Duration leeway,
      Claims claims,
      List<String> activeSubscriptionValues) {
    public Jwt {
      activeSubscriptionValues = List.copyOf(activeSubscriptionValues);
    }
  }

  /**
   * Claim names ({@code entitlement.jwt.claims.*}).
   *
   * @param subscriptionStatus the claim holding the subscription status, e.g. {@code subscription}
   * @param plan the claim holding the plan (a string or a list of strings), e.g. {@code plan}
   */
  public record Claims(String subscriptionStatus, String plan) {}

  /**
   * Abuse control ({@code entitlement.rateLimit.*}); exceeded = 429 with {@code Retry-After}.
   *
   * @param perSubject requests per {@code window} per JWT subject; 0 = unlimited
   * @param perIp requests per {@code window} per viewer IP; 0 = unlimited
   * @param window the refill window
   */
  public record RateLimit(int perSubject, int perIp, Duration window) {}
}
