package dev.prism.entitlement.viewer;

import io.vertx.core.http.HttpServerRequest;
import java.net.InetAddress;
import org.jspecify.annotations.Nullable;

/**
 * The viewer's address and country for a request, believing a CDN-written header only when the
 * {@link CdnTrust} vouches for the request:
 *
 * <ul>
 *   <li>address from the TCP peer ({@code gate.viewerIp.header: ""}): always the peer, which no
 *       viewer can write;
 *   <li>address from a header: that header when vouched for, else unknown;
 *   <li>country ({@code entitlement.viewerCountryHeader}): that header when vouched for, else
 *       unknown.
 * </ul>
 *
 * An unknown country fails closed wherever a rule needs one. Immutable and thread-safe.
 */
public final class ViewerLocator {
  private final ViewerAddress address;
  private final @Nullable String countryHeader;
  private final CdnTrust trust;

  /**
   * @param address where the viewer IP is read from
   * @param countryHeader the header holding the viewer's country, e.g. {@code
   *     CloudFront-Viewer-Country}; null when the country is never needed
   * @param trust which requests' CDN-written headers are believed
   */
  public ViewerLocator(ViewerAddress address, @Nullable String countryHeader, CdnTrust trust) {
    this.address = address;
    this.countryHeader = countryHeader;
    this.trust = trust;
  }

  /** The viewer's address and country for {@code request}. */
  public ViewerLocation locate(HttpServerRequest request) {
    if (!address.readsHeader() && countryHeader == null) {
      return new ViewerLocation(false, address.resolve(request).orElse(null), null);
    }
    boolean vouched = trust.vouchesFor(request);
    @Nullable InetAddress ip =
        vouched || !address.readsHeader() ? address.resolve(request).orElse(null) : null;
    @Nullable String country =
        vouched && countryHeader != null ? ViewerAddress.country(request, countryHeader) : null;
    return new ViewerLocation(vouched, ip, country);
  }

  /** The viewer's address for {@code request}, or null when unknown; see {@link #locate}. */
  public @Nullable InetAddress address(HttpServerRequest request) {
    if (!address.readsHeader()) {
      return address.resolve(request).orElse(null);
    }
    return trust.vouchesFor(request) ? address.resolve(request).orElse(null) : null;
  }

  /** The address source. */
  public ViewerAddress addressSource() {
    return address;
  }

  /** Which requests are vouched for. */
  public CdnTrust trust() {
    return trust;
  }

  /**
   * Why no header will ever be believed, for a start-up warning; null when some request can be
   * vouched for or no header is read.
   */
  public @Nullable String neverBelievedWarning() {
    if (trust.anyTrusted() || (!address.readsHeader() && countryHeader == null)) {
      return null;
    }
    return "neither gate.originSecret.values nor gate.viewerIp.trustedPeers is set, so no request"
        + " is known to come through the CDN: "
        + (address.readsHeader() ? "the viewer IP header " + address + " and " : "")
        + (countryHeader == null ? "" : "the country header " + countryHeader + " ")
        + "are never believed (IP-bound grants and assets with country rules are refused)";
  }
}
