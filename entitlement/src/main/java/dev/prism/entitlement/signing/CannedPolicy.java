package dev.prism.entitlement.signing;

import java.nio.charset.StandardCharsets;

/**
 * A canned policy: one exact resource URL and an expiry. Never transmitted; CloudFront (and this
 * verifier) rebuild the byte string from the URL the viewer used and {@code Expires}:
 *
 * <pre>{@code
 * {"Statement":[{"Resource":"<url>","Condition":{"DateLessThan":{"AWS:EpochTime":<expires>}}}]}
 * }</pre>
 *
 * with no whitespace (CloudFront Developer Guide, "Create a signed URL using a canned policy"; ).
 * The resource is JSON-escaped like the AWS SDKs do ({@code "}, {@code \} and control characters);
 * request URLs normally contain none of them.
 *
 * @param resourceUrl the public URL including the viewer's query string, minus the CloudFront
 *     signing parameters
 * @param expiresEpochSeconds {@code Expires}, epoch seconds
 */
public record CannedPolicy(String resourceUrl, long expiresEpochSeconds) implements Policy {

  public CannedPolicy {
    if (expiresEpochSeconds < 0) {
      throw new IllegalArgumentException("expiresEpochSeconds < 0: " + expiresEpochSeconds);
    }
  }

  /** The canonical policy text. */
  public String json() {
    return "{\"Statement\":[{\"Resource\":\""
        + escapeJson(resourceUrl)
        + "\",\"Condition\":{\"DateLessThan\":{\"AWS:EpochTime\":"
        + expiresEpochSeconds
        + "}}}]}";
  }

  @Override
  public byte[] policyBytes() {
    return json().getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public long dateLessThanEpochSeconds() {
    return expiresEpochSeconds;
  }

  static String escapeJson(String s) {
    StringBuilder out = new StringBuilder(s.length() + 8);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20) {
        out.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
