package dev.prism.entitlement.signing;

/** Which kind of signed credential a verdict was reached on (for logs and metric labels). */
public enum CredentialKind {
  CLOUDFRONT_SIGNED_URL,
  CLOUDFRONT_SIGNED_COOKIE,
  CLOUD_CDN_SIGNED_URL,
  CLOUD_CDN_SIGNED_COOKIE,
  /** Nothing signed was presented. */
  NONE
}
