package dev.prism.entitlement.signing;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A minted CloudFront grant: the policy, its signature and key pair id, rendered as the signed
 * cookie values and as the signed-URL query string.
 *
 * @param policy the signed policy
 * @param signature the signature, CloudFront base64
 * @param keyPairId the key pair id of the signing key
 * @param hashAlgorithm the hash used; {@code Hash-Algorithm} is emitted only for {@link
 *     HashAlgorithm#SHA256}
 */
public record SignedGrant(
    Policy policy, String signature, String keyPairId, HashAlgorithm hashAlgorithm)
    implements Grant {

  /** When the grant ends: {@code DateLessThan} (exclusive). */
  @Override
  public Instant expiry() {
    return Instant.ofEpochSecond(policy.dateLessThanEpochSeconds());
  }

  /**
   * The cookie values, name → value in CloudFront's order: {@code CloudFront-Policy} (custom) or
   * {@code CloudFront-Expires} (canned), {@code CloudFront-Signature}, {@code
   * CloudFront-Key-Pair-Id}, and {@code CloudFront-Hash-Algorithm} for SHA-256. The caller adds the
   * {@code Set-Cookie} attributes (Domain, Path, Secure, HttpOnly, SameSite).
   */
  @Override
  public Map<String, String> cookies() {
    Map<String, String> out = new LinkedHashMap<>();
    if (policy instanceof CustomPolicy) {
      out.put(SignedCookies.CookieNames.POLICY, ((CustomPolicy) policy).encoded());
    } else {
      out.put(SignedCookies.CookieNames.EXPIRES, Long.toString(policy.dateLessThanEpochSeconds()));
    }
    out.put(SignedCookies.CookieNames.SIGNATURE, signature);
    out.put(SignedCookies.CookieNames.KEY_PAIR_ID, keyPairId);
    if (hashAlgorithm != HashAlgorithm.SHA1) {
      out.put(SignedCookies.CookieNames.HASH_ALGORITHM, hashAlgorithm.wireName());
    }
    return out;
  }

  /** The cookies as a {@link SignedCookies} value. */
  public SignedCookies signedCookies() {
    return SignedCookies.fromCookies(cookies()).orElseThrow();
  }

  /**
   * The signed-URL query string: {@code Policy=…&Signature=…&Key-Pair-Id=…} (custom) or {@code
   * Expires=…&Signature=…&Key-Pair-Id=…} (canned), plus {@code &Hash-Algorithm=SHA256} for SHA-256.
   * Every value is in the URL-safe CloudFront alphabet and needs no escaping.
   */
  @Override
  public String signedUrlQuery() {
    StringBuilder q = new StringBuilder();
    if (policy instanceof CustomPolicy) {
      q.append(SignedUrl.ParameterNames.POLICY)
          .append('=')
          .append(((CustomPolicy) policy).encoded());
    } else {
      q.append(SignedUrl.ParameterNames.EXPIRES)
          .append('=')
          .append(policy.dateLessThanEpochSeconds());
    }
    q.append('&').append(SignedUrl.ParameterNames.SIGNATURE).append('=').append(signature);
    q.append('&').append(SignedUrl.ParameterNames.KEY_PAIR_ID).append('=').append(keyPairId);
    if (hashAlgorithm != HashAlgorithm.SHA1) {
      q.append('&')
          .append(SignedUrl.ParameterNames.HASH_ALGORITHM)
          .append('=')
          .append(hashAlgorithm.wireName());
    }
    return q.toString();
  }

  /**
   * {@code url} with {@link #signedUrlQuery()} appended after its own query, if any. For a canned
   * grant, {@code url} must be the policy's resource URL exactly.
   */
  public String signedUrl(String url) {
    String separator = url.indexOf('?') >= 0 ? "&" : "?";
    return url + separator + signedUrlQuery();
  }

  /** Never prints the signature (a grant is a bearer credential). */
  @Override
  public String toString() {
    return "SignedGrant[keyPairId="
        + keyPairId
        + ", expiry="
        + expiry()
        + ", "
        + hashAlgorithm
        + "]";
  }
}
