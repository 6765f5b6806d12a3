package dev.prism.entitlement.signing;

import java.net.InetAddress;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.RandomAccess;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The request as the viewer made it at the CDN: signed resources are matched against the public URL
 * ({@code publicBaseUrl + rawPath + "?" + rawQuery}), never against the origin's own host .
 *
 * @param publicBaseUrls the configured public base URLs ({@code delivery.publicBaseUrls}), e.g.
 *     {@code https://d111111abcdef8.cloudfront.net}; tried in order; a trailing {@code /} is
 *     dropped
 * @param rawPath the request path as received, still percent-encoded, starting with {@code /}
 * @param rawQuery the query string as received (without {@code ?}), or {@code null}
 * @param viewerIp the viewer address from the configured trusted source, or {@code null} if unknown
 *     (then any IP condition fails)
 * @param cookies the request's signing cookies, name → value (the first of a repeated name); the
 *     gate passes those a {@link CredentialVerifier} names in {@link
 *     CredentialVerifier#cookieNames()}, and may pass others
 */
public record ViewerRequest(
    List<String> publicBaseUrls,
    String rawPath,
    @Nullable String rawQuery,
    @Nullable InetAddress viewerIp,
    Map<String, String> cookies) {

  private static final Pattern BASE_URL = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*://[^/?#]+/?");

  public ViewerRequest {
    if (publicBaseUrls.isEmpty()) {
      throw new IllegalArgumentException("at least one public base URL is required");
    }
    if (!(publicBaseUrls instanceof ValidatedBaseUrls)) {
      // A list this constructor already checked (the gate passes the same one on every request)
      // skips the regex match per base URL.
      List<String> bases = new ArrayList<>();
      for (String base : publicBaseUrls) {
        if (!BASE_URL.matcher(base).matches()) {
          throw new IllegalArgumentException(
              "public base URL must be scheme://host[:port]: " + base);
        }
        bases.add(base.endsWith("/") ? base.substring(0, base.length() - 1) : base);
      }
      publicBaseUrls = new ValidatedBaseUrls(List.copyOf(bases));
    }
    if (!rawPath.startsWith("/")) {
      throw new IllegalArgumentException("rawPath must start with '/': " + rawPath);
    }
    if (rawQuery != null && rawQuery.isEmpty()) {
      rawQuery = null;
    }
    cookies = Map.copyOf(cookies);
  }

  /** A request without cookies (a signed URL, or nothing). */
  public ViewerRequest(
      List<String> publicBaseUrls,
      String rawPath,
      @Nullable String rawQuery,
      @Nullable InetAddress viewerIp) {
    this(publicBaseUrls, rawPath, rawQuery, viewerIp, Map.of());
  }

  /** This request carrying {@code newCookies} (name → value) instead of its own. */
  public ViewerRequest withCookies(Map<String, String> newCookies) {
    return new ViewerRequest(publicBaseUrls, rawPath, rawQuery, viewerIp, newCookies);
  }

  /** The query string, if any. */
  public Optional<String> query() {
    return Optional.ofNullable(rawQuery);
  }

  /**
   * The candidate public URLs for this request with {@code query} (or none) as the query string,
   * one per public base URL.
   */
  public List<String> publicUrls(@Nullable String query) {
    List<String> urls = new ArrayList<>(publicBaseUrls.size());
    for (String base : publicBaseUrls) {
      urls.add(base + rawPath + (query == null || query.isEmpty() ? "" : "?" + query));
    }
    return urls;
  }

  /** Names the cookies but never prints their values (they are bearer credentials). */
  @Override
  public String toString() {
    return "ViewerRequest[publicBaseUrls="
        + publicBaseUrls
        + ", rawPath="
        + rawPath
        + ", rawQuery="
        + (rawQuery == null ? "none" : "present")
        + ", viewerIp="
        + viewerIp
        + ", cookies="
        + cookies.keySet()
        + "]";
  }

  /** Base URLs that passed the constructor's check, normalised; immutable. */
  private static final class ValidatedBaseUrls extends AbstractList<String>
      implements RandomAccess {
    private final List<String> urls;

    ValidatedBaseUrls(List<String> urls) {
      this.urls = urls;
    }

    @Override
    public String get(int index) {
      return urls.get(index);
    }

    @Override
    public int size() {
      return urls.size();
    }
  }
}
