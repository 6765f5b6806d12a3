package dev.prism.entitlement.http;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import java.util.Locale;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** Resolves the viewer's IP address and country from trusted request metadata. */
final class ViewerAddress {
  static final String CLOUDFRONT_VIEWER_ADDRESS = "CloudFront-Viewer-Address";
  private static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");
  private static final String UNKNOWN = "unknown";

  private ViewerAddress() {}

  /**
   * The viewer's IP. With a configured header the value comes from it ({@code
   * CloudFront-Viewer-Address} is {@code ip:port}; any other header is a comma list read {@code
   * trustedProxies} entries from the right); without one, or when the request lacks the header (it
   * did not come through the trusted proxy), it is the TCP peer.
   */
  static String ip(HttpServerRequest request, EntitlementSettings.ViewerIp source) {
    @Nullable String header = source.header();
    if (header != null) {
      @Nullable String value = request.getHeader(header);
      if (value != null && !value.isBlank()) {
        @Nullable String fromHeader = fromHeader(header, value.trim(), source.trustedProxies());
        if (fromHeader != null) {
          return fromHeader;
        }
      }
    }
    @Nullable SocketAddress peer = request.remoteAddress();
    @Nullable String host = peer == null ? null : peer.hostAddress();
    return host == null || host.isEmpty() ? UNKNOWN : host;
  }

  static @Nullable String fromHeader(String header, String value, int trustedProxies) {
    if (header.equalsIgnoreCase(CLOUDFRONT_VIEWER_ADDRESS)) {
      int colon = value.lastIndexOf(':'); // "198.51.100.10:46532" or "2001:db8::1:46532"
      return colon > 0 ? value.substring(0, colon) : null;
    }
    String[] hops = value.split(",");
    int index = hops.length - 1 - trustedProxies;
    if (index < 0) {
      return null;
    }
    String hop = hops[index].trim();
    return hop.isEmpty() ? null : hop;
  }

  /**
   * The upper-case ISO 3166-1 alpha-2 code from {@code header}, or null when absent or malformed.
   */
  static @Nullable String country(HttpServerRequest request, String header) {
    @Nullable String value = request.getHeader(header);
    if (value == null) {
      return null;
    }
    String code = value.trim().toUpperCase(Locale.ROOT);
    return COUNTRY.matcher(code).matches() ? code : null;
  }
}
