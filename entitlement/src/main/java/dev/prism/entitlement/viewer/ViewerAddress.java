package dev.prism.entitlement.viewer;

import io.netty.util.NetUtil;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The viewer's IP address, from the one source the configuration trusts ({@code gate.viewerIp} of
 * {@code prism.yaml}) and never from anything else a viewer can write. This is the one
 * implementation of that rule: the origin's gate resolves the address it checks {@code
 * AWS:SourceIp} against with it, and {@code POST /play} the address it binds grants to and
 * rate-limits on, so the two always agree.
 *
 * <p>A header source is only half the rule: the header is believed only on a request the {@link
 * CdnTrust} vouches for (see {@link ViewerLocator}), since a viewer who reaches the origin directly
 * can write any header.
 *
 * <ul>
 *   <li>{@code CloudFront-Viewer-Address}: CloudFront's own header, {@code ip:port} — IPv4 {@code
 *       198.51.100.10:46532}, IPv6 unbracketed with the port after the last colon ({@code
 *       2001:db8::1:46532}); a bracketed {@code [2001:db8::1]:46532} is accepted too (CloudFront
 *       Developer Guide, "Add CloudFront request headers", headers for determining the viewer's
 *       location). It must appear exactly once;
 *   <li>{@code X-Forwarded-For} with {@code trustedProxies = n}: each of the n proxies in front of
 *       the origin appends the address it received the request from, so the viewer is the n-th
 *       entry from the right of the list formed by every header line in order; everything further
 *       left was written by the viewer and is ignored. Fewer than n entries, or n = 0, gives no
 *       address;
 *   <li>any other header name: a header holding one IP address, set by the trusted proxy (e.g.
 *       {@code True-Client-IP} from a CloudFront Function), exactly once;
 *   <li>no header: the TCP peer address, for an origin that viewers reach directly.
 * </ul>
 *
 * Only IP literals are accepted (no DNS lookups). When the configured source is absent or
 * unparsable the address is unknown (empty); the TCP peer is never used as a fallback, since behind
 * a CDN or load balancer it is the proxy's address, shared by every viewer.
 */
public final class ViewerAddress {
  /** CloudFront's viewer address header. */
  public static final String CLOUDFRONT_VIEWER_ADDRESS = "CloudFront-Viewer-Address";

  /** The de-facto proxy chain header. */
  public static final String X_FORWARDED_FOR = "X-Forwarded-For";

  private static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");

  private enum Source {
    PEER,
    CLOUDFRONT,
    FORWARDED_FOR,
    SINGLE_HEADER
  }

  private final Source source;
  private final String header;
  private final int trustedProxies;

  private ViewerAddress(Source source, String header, int trustedProxies) {
    this.source = source;
    this.header = header;
    this.trustedProxies = trustedProxies;
  }

  /**
   * The source named by a {@code gate.viewerIp} pair.
   *
   * @param header null or blank for the TCP peer, {@code CloudFront-Viewer-Address}, {@code
   *     X-Forwarded-For} (names compare case-insensitively), or any other single-address header
   * @param trustedProxies for {@code X-Forwarded-For}, the count of trusted proxies appending to it
   *     (the viewer is that many entries from the right); ignored for the other sources
   * @throws IllegalArgumentException if {@code trustedProxies < 0}
   */
  public static ViewerAddress of(@Nullable String header, int trustedProxies) {
    if (trustedProxies < 0) {
      throw new IllegalArgumentException("trustedProxies < 0: " + trustedProxies);
    }
    String h = header == null ? "" : header.strip();
    if (h.isEmpty()) {
      return tcpPeer();
    }
    if (h.equalsIgnoreCase(CLOUDFRONT_VIEWER_ADDRESS)) {
      return cloudFrontViewerAddress();
    }
    if (h.equalsIgnoreCase(X_FORWARDED_FOR)) {
      return forwardedFor(trustedProxies);
    }
    return singleHeader(h);
  }

  /** The TCP peer address (no proxy in front of the origin). */
  public static ViewerAddress tcpPeer() {
    return new ViewerAddress(Source.PEER, "", 0);
  }

  /** {@code CloudFront-Viewer-Address}. */
  public static ViewerAddress cloudFrontViewerAddress() {
    return new ViewerAddress(Source.CLOUDFRONT, CLOUDFRONT_VIEWER_ADDRESS, 0);
  }

  /**
   * {@code X-Forwarded-For}, the viewer being the {@code trustedProxies}-th entry from the right.
   *
   * @throws IllegalArgumentException if {@code trustedProxies < 0}
   */
  public static ViewerAddress forwardedFor(int trustedProxies) {
    if (trustedProxies < 0) {
      throw new IllegalArgumentException("trustedProxies < 0: " + trustedProxies);
    }
    return new ViewerAddress(Source.FORWARDED_FOR, X_FORWARDED_FOR, trustedProxies);
  }

  /** A header holding one IP address, set by a trusted proxy. */
  public static ViewerAddress singleHeader(String name) {
    return new ViewerAddress(Source.SINGLE_HEADER, name, 0);
  }

  /**
   * Whether no request can ever yield an address ({@code X-Forwarded-For} with no trusted proxy):
   * every IP-bound grant is then refused, by the gate and by the mint.
   */
  public boolean neverResolves() {
    return source == Source.FORWARDED_FOR && trustedProxies <= 0;
  }

  /**
   * The viewer's address for {@code request}; empty when the trusted source does not give one
   * (never the TCP peer unless the TCP peer is the configured source).
   */
  public Optional<InetAddress> resolve(HttpServerRequest request) {
    switch (source) {
      case PEER:
        return Optional.ofNullable(peer(request));
      case CLOUDFRONT:
        return Optional.ofNullable(fromCloudFrontViewerAddress(request.headers().getAll(header)));
      case FORWARDED_FOR:
        return Optional.ofNullable(
            fromForwardedFor(request.headers().getAll(header), trustedProxies));
      default:
        List<String> values = request.headers().getAll(header);
        return Optional.ofNullable(values.size() == 1 ? literal(values.get(0).strip()) : null);
    }
  }

  /** Whether the address comes from a request header (any source but the TCP peer). */
  public boolean readsHeader() {
    return source != Source.PEER;
  }

  /** The TCP peer's address, or null when the connection has none (e.g. a domain socket). */
  public static @Nullable InetAddress peer(HttpServerRequest request) {
    @Nullable SocketAddress peer = request.remoteAddress();
    @Nullable String host = peer == null ? null : peer.hostAddress();
    return host == null ? null : literal(host);
  }

  /**
   * The IP of the single {@code CloudFront-Viewer-Address} value ({@code ip:port}); null if the
   * header is absent, repeated or malformed.
   */
  static @Nullable InetAddress fromCloudFrontViewerAddress(List<String> values) {
    if (values.size() != 1) {
      return null;
    }
    String v = values.get(0).strip();
    String host;
    String port;
    if (v.startsWith("[")) {
      int close = v.indexOf(']');
      if (close < 0 || close + 1 >= v.length() || v.charAt(close + 1) != ':') {
        return null;
      }
      host = v.substring(1, close);
      port = v.substring(close + 2);
    } else {
      int colon = v.lastIndexOf(':');
      if (colon <= 0) {
        return null; // CloudFront always sends the source port
      }
      host = v.substring(0, colon);
      port = v.substring(colon + 1);
    }
    if (!isPort(port)) {
      return null;
    }
    return literal(host);
  }

  /**
   * The entry {@code trustedProxies} from the right (1 = the rightmost) of the comma-separated list
   * formed by all {@code X-Forwarded-For} lines in order; null if {@code trustedProxies} is 0,
   * there are fewer entries, or that entry is not an IP.
   */
  static @Nullable InetAddress fromForwardedFor(List<String> values, int trustedProxies) {
    if (trustedProxies <= 0) {
      return null;
    }
    List<String> entries = new ArrayList<>();
    for (String line : values) {
      for (String entry : line.split(",", -1)) {
        entries.add(entry.strip());
      }
    }
    int index = entries.size() - trustedProxies;
    if (index < 0) {
      return null;
    }
    return forwardedEntry(entries.get(index));
  }

  /**
   * An {@code X-Forwarded-For} entry: an IP, possibly with a port ({@code 1.2.3.4:80}, {@code
   * [::1]:80}).
   */
  private static @Nullable InetAddress forwardedEntry(String entry) {
    if (entry.startsWith("[")) {
      int close = entry.indexOf(']');
      return close < 0 ? null : literal(entry.substring(1, close));
    }
    int colon = entry.indexOf(':');
    if (colon > 0 && colon == entry.lastIndexOf(':') && isPort(entry.substring(colon + 1))) {
      return literal(entry.substring(0, colon)); // IPv4 with a port
    }
    return literal(entry);
  }

  /** An IP literal (IPv4 dotted quad or IPv6), never a host name; null otherwise. */
  static @Nullable InetAddress literal(String text) {
    if (text.isEmpty() || text.length() > 45) {
      return null;
    }
    String t = text;
    int zone = t.indexOf('%');
    if (zone >= 0) {
      t = t.substring(0, zone); // an IPv6 zone id never matches a policy range
    }
    return NetUtil.createInetAddressFromIpAddressString(t);
  }

  private static boolean isPort(String s) {
    if (s.isEmpty() || s.length() > 5) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return false;
      }
    }
    return Integer.parseInt(s) <= 65_535;
  }

  /**
   * The upper-case ISO 3166-1 alpha-2 code from {@code header}, or null when absent or malformed.
   */
  public static @Nullable String country(HttpServerRequest request, String header) {
    @Nullable String value = request.getHeader(header);
    if (value == null) {
      return null;
    }
    String code = value.trim().toUpperCase(Locale.ROOT);
    return COUNTRY.matcher(code).matches() ? code : null;
  }

  @Override
  public String toString() {
    switch (source) {
      case PEER:
        return "TCP peer address";
      case FORWARDED_FOR:
        return header + " (" + trustedProxies + " trusted proxies)";
      default:
        return header;
    }
  }
}
