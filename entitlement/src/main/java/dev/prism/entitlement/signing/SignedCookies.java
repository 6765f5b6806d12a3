package dev.prism.entitlement.signing;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The CloudFront signed-cookie set: {@code CloudFront-Policy} (custom) or {@code
 * CloudFront-Expires} (canned), {@code CloudFront-Signature}, {@code CloudFront-Key-Pair-Id}, and
 * optionally {@code CloudFront-Hash-Algorithm} (CloudFront Developer Guide, "Set signed cookies
 * using a canned / custom policy"). Cookie names are case-sensitive.
 */
public record SignedCookies(
    @Nullable String policy,
    @Nullable String expires,
    @Nullable String signature,
    @Nullable String keyPairId,
    @Nullable String hashAlgorithm)
    implements CloudFrontCredentials {

  /** Cookie names, exactly as CloudFront defines them. */
  public static final class CookieNames {
    public static final String POLICY = "CloudFront-Policy";
    public static final String EXPIRES = "CloudFront-Expires";
    public static final String SIGNATURE = "CloudFront-Signature";
    public static final String KEY_PAIR_ID = "CloudFront-Key-Pair-Id";
    public static final String HASH_ALGORITHM = "CloudFront-Hash-Algorithm";

    /** All five names. */
    public static final Set<String> ALL =
        Set.of(POLICY, EXPIRES, SIGNATURE, KEY_PAIR_ID, HASH_ALGORITHM);

    private CookieNames() {}
  }

  /**
   * The CloudFront cookies among {@code cookies} (name → value); empty if none of {@code
   * CloudFront-Policy}, {@code -Expires}, {@code -Signature}, {@code -Key-Pair-Id} is present.
   */
  public static Optional<SignedCookies> fromCookies(Map<String, String> cookies) {
    @Nullable String policy = cookies.get(CookieNames.POLICY);
    @Nullable String expires = cookies.get(CookieNames.EXPIRES);
    @Nullable String signature = cookies.get(CookieNames.SIGNATURE);
    @Nullable String keyPairId = cookies.get(CookieNames.KEY_PAIR_ID);
    if (policy == null && expires == null && signature == null && keyPairId == null) {
      return Optional.empty();
    }
    return Optional.of(
        new SignedCookies(
            policy, expires, signature, keyPairId, cookies.get(CookieNames.HASH_ALGORITHM)));
  }

  /** The cookies as name → value, in the order CloudFront documents them (absent ones left out). */
  public Map<String, String> asMap() {
    Map<String, String> out = new LinkedHashMap<>();
    if (policy != null) {
      out.put(CookieNames.POLICY, policy);
    }
    if (expires != null) {
      out.put(CookieNames.EXPIRES, expires);
    }
    if (signature != null) {
      out.put(CookieNames.SIGNATURE, signature);
    }
    if (keyPairId != null) {
      out.put(CookieNames.KEY_PAIR_ID, keyPairId);
    }
    if (hashAlgorithm != null) {
      out.put(CookieNames.HASH_ALGORITHM, hashAlgorithm);
    }
    return out;
  }

  @Override
  public @Nullable String resourceQuery(ViewerRequest request) {
    return request.rawQuery();
  }

  /** Names the cookies present; never prints the values (they are bearer credentials). */
  @Override
  public String toString() {
    return "SignedCookies" + asMap().keySet() + "[keyPairId=" + keyPairId + "]";
  }
}
