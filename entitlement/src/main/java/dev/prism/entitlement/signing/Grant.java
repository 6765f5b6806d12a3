package dev.prism.entitlement.signing;

import java.time.Instant;
import java.util.Map;

/**
 * A minted grant for every URL under one prefix, in the wire forms a viewer presents it: signed
 * cookies, or a signed-URL query string to append to each URL. Implementations never print the
 * signature in {@code toString()} (a grant is a bearer credential).
 */
public interface Grant {

  /**
   * The signed cookies, name → value, in the order they should be set, e.g. {@code
   * CloudFront-Policy}, {@code CloudFront-Signature}, {@code CloudFront-Key-Pair-Id}, or the one
   * {@code Cloud-CDN-Cookie}. The caller adds the {@code Set-Cookie} attributes (Domain, Path,
   * Secure, HttpOnly, SameSite); values need no escaping.
   */
  Map<String, String> cookies();

  /**
   * The same grant as signed-URL query parameters, to append after a URL's own query (e.g. {@code
   * Policy=…&Signature=…&Key-Pair-Id=…}, or {@code URLPrefix=…&Expires=…&KeyName=…&Signature=…});
   * values are already URL-safe.
   */
  String signedUrlQuery();

  /** When the grant ends: the first instant it is no longer valid, in whole seconds. */
  Instant expiry();
}
