package dev.prism.entitlement.signing;

import java.net.InetAddress;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Test helpers: requests from URLs, cookie maps from AWS SDK header values. */
final class Requests {
  static final String BASE = "https://d111111abcdef8.cloudfront.net";

  private Requests() {}

  /** The request a viewer makes for {@code url} (which must start with one of the bases). */
  static ViewerRequest request(String url, @Nullable String viewerIp, String... bases) {
    URI uri = URI.create(url);
    List<String> baseList = bases.length == 0 ? List.of(BASE) : List.of(bases);
    InetAddress ip = viewerIp == null ? null : IpRange.parseAddress(viewerIp).orElseThrow();
    return new ViewerRequest(baseList, uri.getRawPath(), uri.getRawQuery(), ip);
  }

  static ViewerRequest request(String url) {
    return request(url, null);
  }

  /** {@code "Name=value"} header values, as the SDK returns them, into a cookie map. */
  static Map<String, String> cookies(String... headerValues) {
    Map<String, String> cookies = new LinkedHashMap<>();
    for (String h : headerValues) {
      int eq = h.indexOf('=');
      cookies.put(h.substring(0, eq), h.substring(eq + 1));
    }
    return cookies;
  }
}
