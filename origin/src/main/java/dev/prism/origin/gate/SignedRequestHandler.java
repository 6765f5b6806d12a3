package dev.prism.origin.gate;

import dev.prism.entitlement.signing.DenialReason;
import dev.prism.entitlement.signing.PolicyCoverage;
import dev.prism.entitlement.signing.SignedRequestVerifier;
import dev.prism.entitlement.signing.Verdict;
import dev.prism.entitlement.signing.ViewerRequest;
import dev.prism.entitlement.viewer.ViewerAddress;
import dev.prism.entitlement.viewer.ViewerLocator;
import dev.prism.origin.delivery.Resource;
import dev.prism.origin.http.RouteContextKeys;
import dev.prism.origin.metrics.OriginMetrics;
import dev.prism.packager.naming.PackagingRequest;
import dev.prism.packager.naming.ResourceNaming;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.cookie.Cookie;
import io.netty.handler.codec.http.cookie.ServerCookieDecoder;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.net.InetAddress;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The signed-cookie / signed-URL check on {@code /v1/*}: rebuilds the request as the viewer made it
 * at the CDN — each configured public base URL ({@code delivery.publicBaseUrls}) plus the raw path
 * and query — and has the signing package's {@link SignedRequestVerifier} run the configured
 * signing schemes on it, at the injected clock's instant. Only the cookies those schemes name are
 * passed on. A signed URL in the query takes precedence over cookies (CloudFront Developer Guide,
 * "Choose between signed URLs and signed cookies").
 *
 * <ul>
 *   <li>A raw path that differs from its normalised form (dot segments, {@code //}, percent
 *       escapes) is refused as {@code malformed}: a signature must cover the path that is served.
 *   <li>Denied: the fixed 403 of {@link Denials} (the same body for every reason); the reason goes
 *       to the access log and to {@code prism_gate_denials_total{guard="signed_request",reason}}.
 *   <li>Granted: the verdict is kept under {@link #VERDICT}; the configured schemes' signing query
 *       parameters ({@link SignedRequestVerifier#queryParameterNames()}) are removed from the
 *       request's decoded parameters and the remaining raw query is kept under {@link
 *       #VIEWER_QUERY}, so nothing downstream (cache keys, logs of parameters) sees one viewer's
 *       credentials. The content routes key their caches by path only.
 *   <li>Granted by a signed URL on a manifest (an HLS playlist or an MPD) whose policy covers the
 *       whole playback (the grant prefix {@code /v1/{assetId}[/t/{tier}]/} and below, e.g. {@code
 *       Resource https://cdn.example.com/v1/bbb/*}; {@link ResourceNaming#grantPrefix}): a {@link
 *       RouteContextKeys#RESOURCE_REWRITE} is set that appends the same parameters to every URI of
 *       the manifest after the manifest cache ({@link ManifestRewriter}; {@code Cache-Control:
 *       private, no-store}).
 * </ul>
 *
 * Thread safe; runs on the event loop. Measured with {@code origin/bench/gate-bench.sh} (JDK 17): a
 * first-seen cookie costs about 40 µs of CPU with RSA-2048/SHA-1 and 0.7 ms with ECDSA P-256, a
 * cached one about 0.5 µs (looked up by the cookie text as sent). Failed signatures are never
 * cached, so the origin-secret check runs first: a flood that did not come through the CDN is
 * refused before any signature work. A flood that does (forged credentials under a known key id,
 * each costing a full verification) is bounded per viewer by a {@link VerifyFailureLimiter} ({@code
 * gate.verifyFailureLimit}): once a viewer IP has spent its budget of {@code bad_signature}
 * verdicts, its requests are refused as {@code verify_rate_limited} without any verification until
 * the budget refills. The viewer is the address {@link ViewerLocator} believes, or the TCP peer
 * when that is unknown.
 */
public final class SignedRequestHandler implements Handler<RoutingContext> {
  /** The guard label on {@code prism_gate_denials_total}. */
  public static final String GUARD = "signed_request";

  /** {@link RoutingContext} key: the granting {@link Verdict}. */
  public static final String VERDICT = "prism.gate.verdict";

  /**
   * {@link RoutingContext} key: the request's raw query without signing parameters ({@code String},
   * absent when nothing is left).
   */
  public static final String VIEWER_QUERY = "prism.gate.viewerQuery";

  private static final Logger LOG = LoggerFactory.getLogger(SignedRequestHandler.class);

  private final SignedRequestVerifier verifier;
  private final List<String> publicBaseUrls;
  private final ViewerLocator viewerLocator;
  private final Clock clock;
  private final OriginMetrics metrics;
  private final VerifyFailureLimiter verifyFailures;

  /**
   * @param verifier the signing package's dispatching verifier (with its verdict cache)
   * @param publicBaseUrls the CDN's public base URLs ({@code scheme://host[:port]}), at least one
   * @param viewerLocator the trusted source of the viewer IP, believed only on requests that came
   *     through the CDN
   * @param clock the time signed policies are checked at
   * @param metrics where denials are counted
   * @throws IllegalArgumentException if no base URL is given or one is not {@code
   *     scheme://host[:port]}
   */
  public SignedRequestHandler(
      SignedRequestVerifier verifier,
      List<String> publicBaseUrls,
      ViewerLocator viewerLocator,
      Clock clock,
      OriginMetrics metrics) {
    this(verifier, publicBaseUrls, viewerLocator, clock, metrics, VerifyFailureLimiter.UNLIMITED);
  }

  /**
   * A handler that also limits failed signature verifications per viewer IP.
   *
   * @param verifyFailures the per-viewer budget of {@code bad_signature} verdicts
   * @see #SignedRequestHandler(SignedRequestVerifier, List, ViewerLocator, Clock, OriginMetrics)
   */
  SignedRequestHandler(
      SignedRequestVerifier verifier,
      List<String> publicBaseUrls,
      ViewerLocator viewerLocator,
      Clock clock,
      OriginMetrics metrics,
      VerifyFailureLimiter verifyFailures) {
    // ViewerRequest validates and normalises the base URLs once, here.
    this.publicBaseUrls = new ViewerRequest(publicBaseUrls, "/", null, null).publicBaseUrls();
    this.verifier = verifier;
    this.viewerLocator = viewerLocator;
    this.clock = clock;
    this.metrics = metrics;
    this.verifyFailures = verifyFailures;
  }

  @Override
  public void handle(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    String path = request.path();
    @Nullable String query = request.query();
    Verdict verdict;
    @Nullable InetAddress viewerIp = viewerLocator.address(request);
    // The viewer a failed verification is charged to: the believed address, else the TCP peer.
    @Nullable InetAddress charged =
        viewerIp != null || !verifyFailures.enabled() ? viewerIp : ViewerAddress.peer(request);
    if (!path.equals(ctx.normalizedPath())) {
      // Dot segments, "//" or percent-escapes: the router matched another path than the one the
      // signature would cover. Prism's own URLs never need them, so refuse instead of guessing.
      verdict = Verdict.denied(DenialReason.MALFORMED);
    } else if (charged != null && verifyFailures.exhausted(charged)) {
      // Budget of failed verifications spent: refuse before any signature work.
      verdict = Verdict.denied(DenialReason.VERIFY_RATE_LIMITED);
    } else {
      verdict = verify(request, path, query, viewerIp);
      if (charged != null && verdict.reason().orElse(null) == DenialReason.BAD_SIGNATURE) {
        verifyFailures.failed(charged);
      }
    }
    if (!verdict.isGranted()) {
      DenialReason reason = verdict.reason().orElse(DenialReason.MALFORMED);
      if (LOG.isDebugEnabled()) {
        LOG.debug("denied {} on {}: {}", path, verdict.kind(), reason.label());
      }
      Denials.deny(ctx, metrics, GUARD, reason);
      return;
    }
    ctx.put(VERDICT, verdict);
    if (query != null) {
      stripSigningParameters(ctx, query);
    }
    @Nullable UnaryOperator<Resource> rewrite = manifestRewrite(path, verdict);
    if (rewrite != null) {
      ctx.put(RouteContextKeys.RESOURCE_REWRITE, rewrite);
    }
    ctx.next();
  }

  private Verdict verify(
      HttpServerRequest request,
      String path,
      @Nullable String query,
      @Nullable InetAddress viewerIp) {
    try {
      ViewerRequest viewer =
          new ViewerRequest(publicBaseUrls, path, query, viewerIp, signingCookies(request));
      return verifier.verify(viewer, clock.instant());
    } catch (IllegalArgumentException e) {
      return Verdict.denied(DenialReason.MALFORMED); // e.g. a request target not starting "/"
    }
  }

  /**
   * The rewrite for a cookie-less player, or null when this request does not qualify: a manifest
   * ({@link ManifestRewriter.Kind#of}) requested with a signed URL whose policy covers the whole
   * playback, its {@link ResourceNaming#grantPrefix grant prefix} {@code
   * /v1/{assetId}[/t/{tier}]/}.
   */
  static @Nullable UnaryOperator<Resource> manifestRewrite(String path, Verdict verdict) {
    Optional<String> parameters = verdict.signedUrlParameters();
    Optional<PolicyCoverage> coverage = verdict.coverage();
    if (parameters.isEmpty() || coverage.isEmpty() || coverage.get().prefix().isEmpty()) {
      return null;
    }
    @Nullable PackagingRequest request = ResourceNaming.parseOrNull(path);
    ManifestRewriter.@Nullable Kind kind =
        request == null ? null : ManifestRewriter.Kind.of(request);
    if (request == null
        || kind == null
        || !verdict.signedUrlCoversPathPrefix(ResourceNaming.grantPrefix(request))) {
      return null;
    }
    ManifestRewriter rewriter =
        new ManifestRewriter(
            coverage.get().publicBaseUrl() + path, coverage.get().prefix().get(), parameters.get());
    return resource -> rewriter.rewrite(resource, kind);
  }

  /**
   * The cookies the configured schemes read ({@link SignedRequestVerifier#cookieNames()}), name →
   * value (first of a repeated name).
   */
  private Map<String, String> signingCookies(HttpServerRequest request) {
    @Nullable String header = request.getHeader(HttpHeaderNames.COOKIE);
    if (header == null) {
      return Map.of();
    }
    // The decoder request.cookies() uses (STRICT), but decodeAll keeps the header's order in a list
    // instead of building a name-sorted TreeSet of every cookie on each request; putIfAbsent keeps
    // the first of a repeated name, as the set did.
    Map<String, String> out = new HashMap<>(8);
    for (Cookie c : ServerCookieDecoder.STRICT.decodeAll(header)) {
      String name = c.name();
      if (verifier.cookieNames().contains(name)) {
        out.putIfAbsent(name, c.value());
      }
    }
    return out;
  }

  /**
   * Removes the signing parameters from the decoded parameter maps downstream handlers read and
   * records the raw query that remains.
   */
  private void stripSigningParameters(RoutingContext ctx, String query) {
    Set<String> signing = verifier.queryParameterNames();
    @Nullable String remaining = withoutSigningParameters(query, signing);
    if (remaining != null) {
      ctx.put(VIEWER_QUERY, remaining);
    }
    if (remaining == null || !remaining.equals(query)) {
      removeAll(ctx.request().params(), signing);
      removeAll(ctx.queryParams(), signing);
    }
  }

  private static void removeAll(MultiMap params, Set<String> names) {
    for (String name : names) {
      params.remove(name);
    }
  }

  /**
   * The raw query without the parameters named in {@code signing}, order kept; null when nothing is
   * left.
   */
  static @Nullable String withoutSigningParameters(@Nullable String rawQuery, Set<String> signing) {
    if (rawQuery == null || rawQuery.isEmpty()) {
      return null;
    }
    StringBuilder out = new StringBuilder(rawQuery.length());
    for (String param : rawQuery.split("&", -1)) {
      int eq = param.indexOf('=');
      String name = eq < 0 ? param : param.substring(0, eq);
      if (signing.contains(name) || param.isEmpty()) {
        continue;
      }
      if (out.length() > 0) {
        out.append('&');
      }
      out.append(param);
    }
    return out.length() == 0 ? null : out.toString();
  }
}
