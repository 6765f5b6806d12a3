package dev.prism.entitlement.viewer;

import java.net.InetAddress;
import org.jspecify.annotations.Nullable;

/**
 * What the network says about one request's viewer.
 *
 * @param cdnVouched whether the request came through the CDN ({@link CdnTrust#vouchesFor}), so its
 *     CDN-written headers were believed
 * @param address the viewer's IP from the configured source; null when unknown (absent, malformed,
 *     or written by a request the CDN did not vouch for)
 * @param country the upper-case ISO 3166-1 alpha-2 country from the configured header; null when
 *     unknown, and always null when the request is not vouched for
 */
public record ViewerLocation(
    boolean cdnVouched, @Nullable InetAddress address, @Nullable String country) {}
