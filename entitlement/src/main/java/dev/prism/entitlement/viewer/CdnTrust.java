package dev.prism.entitlement.viewer;

import dev.prism.entitlement.signing.IpRange;
import dev.prism.entitlement.signing.OriginSecrets;
import io.vertx.core.http.HttpServerRequest;
import java.net.InetAddress;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Whether a request came through the CDN, so that the headers the CDN writes ({@code
 * CloudFront-Viewer-Address}, {@code CloudFront-Viewer-Country}, {@code X-Forwarded-For} …) may be
 * believed. A viewer who reaches the origin directly can write any of them, so they count only when
 * the request
 *
 * <ul>
 *   <li>carries a valid origin secret (the header exactly once, compared in constant time by {@link
 *       OriginSecrets}), which only the CDN knows; or
 *   <li>arrives from a TCP peer inside one of the configured {@code gate.viewerIp.trustedPeers}
 *       ranges (a load balancer or proxy on a private network that overwrites those headers).
 * </ul>
 *
 * With neither configured, no request is vouched for: CDN headers are never believed. Immutable and
 * thread-safe; {@link #toString()} never prints a secret.
 */
public final class CdnTrust {
  /** Vouches for nothing: every CDN-written header is ignored. */
  public static final CdnTrust NONE =
      new CdnTrust(null, OriginSecrets.of(List.of()), List.of(), false);

  /**
   * Vouches for every request it sees: for a handler mounted behind a guard that has already
   * refused every request without a valid origin secret (the gate on {@code /v1/*}).
   */
  public static final CdnTrust GUARDED =
      new CdnTrust(null, OriginSecrets.of(List.of()), List.of(), true);

  private final @Nullable String secretHeader;
  private final OriginSecrets secrets;
  private final List<IpRange> trustedPeers;
  private final boolean guarded;

  private CdnTrust(
      @Nullable String secretHeader,
      OriginSecrets secrets,
      List<IpRange> trustedPeers,
      boolean guarded) {
    this.secretHeader = secretHeader;
    this.secrets = secrets;
    this.trustedPeers = List.copyOf(trustedPeers);
    this.guarded = guarded;
  }

  /**
   * Trust by origin secret and by TCP peer range.
   *
   * @param secretHeader the origin-secret request header, e.g. {@code X-Origin-Secret}
   * @param secretValues the accepted secrets ({@code gate.originSecret.values}); empty = no request
   *     is vouched for by a secret
   * @param trustedPeers TCP peer ranges whose requests are vouched for ({@code
   *     gate.viewerIp.trustedPeers}); empty = none
   * @throws IllegalArgumentException if {@code secretHeader} is blank or a secret is empty
   */
  public static CdnTrust of(
      String secretHeader, List<String> secretValues, List<IpRange> trustedPeers) {
    if (secretHeader.isBlank()) {
      throw new IllegalArgumentException("blank origin secret header");
    }
    return new CdnTrust(secretHeader, OriginSecrets.of(secretValues), trustedPeers, false);
  }

  /** Whether any request can be vouched for at all (false: CDN headers are never believed). */
  public boolean anyTrusted() {
    return guarded || secrets.required() || !trustedPeers.isEmpty();
  }

  /** Whether {@code request} came through the CDN, so its CDN-written headers may be believed. */
  public boolean vouchesFor(HttpServerRequest request) {
    if (guarded) {
      return true;
    }
    if (!trustedPeers.isEmpty()) {
      @Nullable InetAddress peer = ViewerAddress.peer(request);
      if (peer != null) {
        for (IpRange range : trustedPeers) {
          if (range.contains(peer)) {
            return true;
          }
        }
      }
    }
    if (secretHeader == null || !secrets.required()) {
      return false;
    }
    List<String> presented = request.headers().getAll(secretHeader);
    return presented.size() == 1 && secrets.accepts(presented.get(0));
  }

  @Override
  public String toString() {
    if (guarded) {
      return "requests past the origin-secret guard";
    }
    if (!anyTrusted()) {
      return "no request (no origin secret, no trusted peers)";
    }
    StringBuilder s = new StringBuilder();
    if (secrets.required()) {
      s.append("a valid ").append(secretHeader);
    }
    if (!trustedPeers.isEmpty()) {
      s.append(s.length() == 0 ? "" : " or ").append("TCP peers in ").append(trustedPeers);
    }
    return s.toString();
  }
}
