package dev.prism.entitlement.signing;

import org.jspecify.annotations.Nullable;

/**
 * The CloudFront signing fields of one request, from a {@link SignedUrl} or {@link SignedCookies}.
 * Values are as received (CloudFront base64 for policy and signature); any may be absent, and
 * {@link CloudFrontVerifier} decides what that means.
 */
public sealed interface CloudFrontCredentials permits SignedUrl, SignedCookies {

  /** {@code Policy} / {@code CloudFront-Policy}: the custom policy, CloudFront base64. */
  @Nullable String policy();

  /** {@code Expires} / {@code CloudFront-Expires}: the canned policy's expiry, epoch seconds. */
  @Nullable String expires();

  /** {@code Signature} / {@code CloudFront-Signature}, CloudFront base64. */
  @Nullable String signature();

  /** {@code Key-Pair-Id} / {@code CloudFront-Key-Pair-Id}. */
  @Nullable String keyPairId();

  /** {@code Hash-Algorithm} / {@code CloudFront-Hash-Algorithm}: {@code SHA1} when absent. */
  @Nullable String hashAlgorithm();

  /**
   * The query string that is part of the signed resource for {@code request}: the request's query
   * minus the signing parameters for a signed URL; the whole query for cookies.
   */
  @Nullable String resourceQuery(ViewerRequest request);
}
