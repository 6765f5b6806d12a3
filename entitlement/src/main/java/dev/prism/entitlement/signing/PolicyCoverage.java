package dev.prism.entitlement.signing;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What a granted policy covers, as the origin needs it for the cookie-less manifest rewrite (issue
 * 6, item 6): the public base URL that matched, and — when the policy grants a whole URL prefix
 * ({@code Resource} {@code https://host/v1/bbb/*}, {@code *}, or a Cloud CDN {@code URLPrefix}) —
 * that prefix, with scheme and host lower-cased.
 *
 * @param publicBaseUrl the configured public base URL the request was matched under, e.g. {@code
 *     https://d111111abcdef8.cloudfront.net}
 * @param grantedUrlPrefix the prefix under which every URL is granted; {@code null} for an exact
 *     (canned, or non-prefix custom) grant
 */
public record PolicyCoverage(String publicBaseUrl, @Nullable String grantedUrlPrefix) {

  /** A grant for exactly the requested URL. */
  public static PolicyCoverage exact(String publicBaseUrl) {
    return new PolicyCoverage(publicBaseUrl, null);
  }

  /** The wildcard prefix, if any. */
  public Optional<String> prefix() {
    return Optional.ofNullable(grantedUrlPrefix);
  }

  /** Whether the policy is a prefix (wildcard) grant rather than one exact URL. */
  public boolean isWildcard() {
    return grantedUrlPrefix != null;
  }

  /**
   * Whether every URL under {@code publicBaseUrl + pathPrefix} is granted, e.g. {@code
   * coversPathPrefix("/v1/bbb/")} for "the policy covers the whole asset".
   *
   * @param pathPrefix a raw path starting with {@code /}
   */
  public boolean coversPathPrefix(String pathPrefix) {
    if (grantedUrlPrefix == null) {
      return false;
    }
    String url = ResourcePattern.lowerCaseSchemeAndHost(publicBaseUrl + pathPrefix);
    return url.startsWith(grantedUrlPrefix);
  }
}
