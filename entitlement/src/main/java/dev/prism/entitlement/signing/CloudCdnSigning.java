package dev.prism.entitlement.signing;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * Google Cloud CDN signing: HMAC-SHA1 over the URL or policy string, encoded base64url with
 * padding. Used by the verifier, by {@link CloudCdnSigner} (the mint), and to mint test tokens.
 *
 * <pre>{@code
 * signed URL:     URL?[q&]Expires=E&KeyName=K&Signature=B64URL(HMAC(URL?[q&]Expires=E&KeyName=K))
 * URL prefix:     URL?[q&]URLPrefix=B64URL(prefix)&Expires=E&KeyName=K&Signature=B64URL(HMAC(policy))
 * signed cookie:  Cloud-CDN-Cookie=URLPrefix=B64URL(prefix):Expires=E:KeyName=K:Signature=B64URL(HMAC(policy))
 * }</pre>
 */
public final class CloudCdnSigning {
  /** The cookie name Cloud CDN reads. */
  public static final String COOKIE_NAME = "Cloud-CDN-Cookie";

  private CloudCdnSigning() {}

  /**
   * Signs {@code url} (which must not already carry {@code Expires}, {@code KeyName}, {@code
   * Signature}) and returns the signed URL.
   */
  public static String signUrl(String url, String keyName, byte[] key, long expiresEpochSeconds) {
    String toSign =
        url
            + (url.indexOf('?') >= 0 ? "&" : "?")
            + "Expires="
            + expiresEpochSeconds
            + "&KeyName="
            + keyName;
    return toSign + "&Signature=" + signature(key, toSign);
  }

  /**
   * Signs a URL-prefix policy and appends it to {@code requestUrl}: the result grants every URL
   * that starts with {@code urlPrefix}.
   */
  public static String signUrlPrefix(
      String requestUrl, String urlPrefix, String keyName, byte[] key, long expiresEpochSeconds) {
    return requestUrl
        + (requestUrl.indexOf('?') >= 0 ? "&" : "?")
        + signedPrefixQuery(urlPrefix, keyName, key, expiresEpochSeconds);
  }

  /**
   * The signing parameters of a URL-prefix signed URL, {@code
   * URLPrefix=…&Expires=…&KeyName=…&Signature=…}, to append after any URL under {@code urlPrefix}
   * (after its own query, if any).
   */
  public static String signedPrefixQuery(
      String urlPrefix, String keyName, byte[] key, long expiresEpochSeconds) {
    String policy = prefixPolicy(urlPrefix, "&", keyName, expiresEpochSeconds);
    return policy + "&Signature=" + signature(key, policy);
  }

  /**
   * The {@code Cloud-CDN-Cookie} value (without the name) granting every URL under {@code
   * urlPrefix}.
   */
  public static String signCookieValue(
      String urlPrefix, String keyName, byte[] key, long expiresEpochSeconds) {
    String policy = prefixPolicy(urlPrefix, ":", keyName, expiresEpochSeconds);
    return policy + ":Signature=" + signature(key, policy);
  }

  private static String prefixPolicy(
      String urlPrefix, String separator, String keyName, long expiresEpochSeconds) {
    String encodedPrefix =
        Base64.getUrlEncoder().encodeToString(urlPrefix.getBytes(StandardCharsets.UTF_8));
    return "URLPrefix="
        + encodedPrefix
        + separator
        + "Expires="
        + expiresEpochSeconds
        + separator
        + "KeyName="
        + keyName;
  }

  static String signature(byte[] key, String toSign) {
    return Base64.getUrlEncoder().encodeToString(hmac(new SecretKeySpec(key, "HmacSHA1"), toSign));
  }

  static byte[] hmac(SecretKey key, String toSign) {
    try {
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(key);
      return mac.doFinal(toSign.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA1 unavailable", e);
    }
  }
}
