package dev.prism.entitlement.signing;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Signs grants for one signing key of one {@link SigningScheme}: the mint's only way to sign, so it
 * never knows which CDN it signs for. Implementations: {@link CloudFrontSigner} (custom policy with
 * {@code Resource = urlPrefix + "*"}; AWS CloudFront Developer Guide, "Set signed cookies using a
 * custom policy") and {@link CloudCdnSigner} ({@code URLPrefix = urlPrefix}; Google Cloud CDN "Use
 * signed cookies"). Thread safe; signing is pure CPU work (RSA/ECDSA through the JCA, or an HMAC)
 * and does no I/O.
 */
public interface GrantSigner {

  /**
   * Signs a grant for every URL that starts with {@code urlPrefix}, valid until {@code expiresAt}.
   *
   * @param urlPrefix {@code scheme://host[:port]/path/}, e.g. {@code
   *     https://d111.cloudfront.net/v1/bbb/}; no query, no wildcard
   * @param expiresAt the first instant the grant is no longer valid; truncated to whole seconds
   * @param viewerIp the viewer range to bind the grant to, or null for none; only when {@link
   *     #bindsViewerIp()}
   * @throws IllegalArgumentException for a prefix the scheme cannot sign, or a {@code viewerIp}
   *     this scheme cannot carry
   * @throws IllegalStateException when signing fails (a key problem, never the viewer's)
   */
  Grant sign(String urlPrefix, Instant expiresAt, @Nullable IpRange viewerIp);

  /** The scheme this signer signs for. */
  SigningScheme scheme();

  /**
   * The id the grant names its key by: the CloudFront key pair id ({@code CloudFront-Key-Pair-Id})
   * or the Cloud CDN key name ({@code KeyName}).
   */
  String keyId();

  /**
   * Whether a grant can be bound to the viewer's IP (CloudFront's {@code AWS:SourceIp}); Cloud CDN
   * signed cookies have no such field.
   */
  boolean bindsViewerIp();
}
