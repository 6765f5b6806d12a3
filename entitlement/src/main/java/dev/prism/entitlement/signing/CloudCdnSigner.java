package dev.prism.entitlement.signing;

import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Mints Google Cloud CDN grants with one named signing key (Cloud CDN "Use signed cookies", "Use
 * signed URLs"): a {@code Cloud-CDN-Cookie} whose policy is {@code
 * URLPrefix=B64URL(prefix):Expires=E:KeyName=K}, signed with HMAC-SHA1 through the JCA, and the
 * same policy as URL-prefix signed-URL parameters.
 *
 * <pre>{@code
 * CloudCdnSigner signer = new CloudCdnSigner("prism-key-1", CloudCdnKeys.readKeyFile(keyFile));
 * Grant grant = signer.sign("https://cdn.example.com/v1/bbb/", now.plusSeconds(300), null);
 * grant.cookies();          // Cloud-CDN-Cookie=URLPrefix=…:Expires=…:KeyName=prism-key-1:Signature=…
 * grant.signedUrlQuery();   // URLPrefix=…&Expires=…&KeyName=prism-key-1&Signature=…
 * }</pre>
 *
 * Cloud CDN grants cannot be bound to a viewer IP. Immutable and thread safe.
 */
public final class CloudCdnSigner implements GrantSigner {
  private final String keyName;
  private final byte[] key;

  /**
   * @param keyName the key's name on the backend ({@code KeyName}), 1–63 of {@code A-Z a-z 0-9 _ -}
   * @param key the raw 128-bit key ({@link CloudCdnKeys#readKeyFile})
   * @throws IllegalArgumentException if the name is invalid or the key is not 16 bytes
   */
  public CloudCdnSigner(String keyName, byte[] key) {
    CloudCdnKeys.of(Map.of(keyName, key)); // the verifier's own checks on name and length
    this.keyName = keyName;
    this.key = key.clone();
  }

  /**
   * A grant for every URL starting with {@code urlPrefix} (compared as plain text by Cloud CDN;
   * scheme and host case-insensitively by Prism's gate) until {@code expiresAt}.
   *
   * @throws IllegalArgumentException if {@code urlPrefix} is not {@code scheme://host/…} without a
   *     query, or {@code viewerIp} is given
   */
  @Override
  public Grant sign(String urlPrefix, Instant expiresAt, @Nullable IpRange viewerIp) {
    if (viewerIp != null) {
      throw new IllegalArgumentException("Cloud CDN signed cookies cannot be bound to a viewer IP");
    }
    if (!urlPrefix.matches("[A-Za-z][A-Za-z0-9+.-]*://[^/?#]+/[^?#]*")) {
      throw new IllegalArgumentException(
          "URLPrefix must be scheme://host/path without a query: " + urlPrefix);
    }
    long expires = expiresAt.getEpochSecond();
    return new CloudCdnGrant(
        CloudCdnSigning.signCookieValue(urlPrefix, keyName, key, expires),
        CloudCdnSigning.signedPrefixQuery(urlPrefix, keyName, key, expires),
        Instant.ofEpochSecond(expires),
        keyName);
  }

  @Override
  public SigningScheme scheme() {
    return SigningScheme.CLOUD_CDN;
  }

  /** The key name ({@code KeyName}). */
  @Override
  public String keyId() {
    return keyName;
  }

  /** False: a {@code Cloud-CDN-Cookie} has no IP field. */
  @Override
  public boolean bindsViewerIp() {
    return false;
  }

  @Override
  public String toString() {
    return "CloudCdnSigner[" + keyName + "]";
  }

  /**
   * @param cookieValue the {@code Cloud-CDN-Cookie} value
   * @param signedUrlQuery {@code URLPrefix=…&Expires=…&KeyName=…&Signature=…}
   */
  private record CloudCdnGrant(
      String cookieValue, String signedUrlQuery, Instant expiry, String keyName) implements Grant {
    @Override
    public Map<String, String> cookies() {
      return Map.of(CloudCdnSigning.COOKIE_NAME, cookieValue);
    }

    /** Never prints the signature (a grant is a bearer credential). */
    @Override
    public String toString() {
      return "CloudCdnGrant[keyName=" + keyName + ", expiry=" + expiry + "]";
    }
  }
}
