package dev.prism.entitlement.signing;

/**
 * The signing schemes the mint can sign for: which CDN will check the grant at the edge (and the
 * origin's gate behind it).
 */
public enum SigningScheme {
  /**
   * Amazon CloudFront signed cookies with a custom policy, RSA 2048 or ECDSA P-256 (AWS CloudFront
   * Developer Guide, "Set signed cookies using a custom policy").
   */
  CLOUDFRONT,
  /**
   * Google Cloud CDN {@code Cloud-CDN-Cookie}, HMAC-SHA1 with a named 128-bit key (Cloud CDN "Use
   * signed cookies").
   */
  CLOUD_CDN
}
