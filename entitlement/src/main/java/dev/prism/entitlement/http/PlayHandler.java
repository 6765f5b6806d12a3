package dev.prism.entitlement.http;

import dev.prism.entitlement.signing.Grant;
import dev.prism.entitlement.signing.GrantSigner;
import dev.prism.entitlement.signing.IpRange;
import dev.prism.entitlement.viewer.ViewerAddress;
import dev.prism.entitlement.viewer.ViewerLocation;
import dev.prism.entitlement.viewer.ViewerLocator;
import dev.prism.packager.naming.ResourceNaming;
import dev.prism.store.BlobStore;
import dev.prism.store.contract.AssetCatalog;
import dev.prism.store.contract.AssetKeys;
import dev.prism.store.contract.AssetNotFoundException;
import dev.prism.store.contract.AssetRecord;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletionException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /play/:assetId}: who is asking (JWT), may they watch (policy), mint (signed cookies).
 *
 * <p>Order of checks, and what each failure answers (every answer is {@code Cache-Control:
 * no-store} JSON, and every one writes one {@link AuditLog} line, before the response is sent):
 *
 * <ol>
 *   <li>per-IP rate limit → 429 + {@code Retry-After} (before any crypto, so floods are cheap);
 *   <li>{@code Authorization: Bearer} JWT → 401 + {@code WWW-Authenticate} (RFC 6750 §3);
 *   <li>per-subject rate limit → 429 + {@code Retry-After};
 *   <li>asset id valid and {@code asset.json} present and published → else 404 (only after
 *       authentication, so anonymous callers cannot enumerate assets);
 *   <li>{@link EntitlementPolicy} → 403 {@code {"error":"forbidden","reason":...}};
 *   <li>with {@code ipBinding} on and the viewer address unknown → 403 {@code
 *       {"error":"forbidden","reason":"viewer_ip_unknown"}}; an IPv6 viewer → 403 {@code
 *       viewer_ip_not_ipv4} (CloudFront policies bind IPv4 ranges only);
 *   <li>mint → 200 with the {@code Set-Cookie} headers of the configured {@link GrantSigner} (three
 *       CloudFront cookies, or one {@code Cloud-CDN-Cookie}) and the playback URLs.
 * </ol>
 *
 * <p>The viewer address is resolved by {@link ViewerAddress} from {@code settings.viewerIp()} — the
 * same class and the same {@code gate.viewerIp} the origin's gate checks {@code AWS:SourceIp} with,
 * so a grant is bound to exactly the address the gate will see, and nothing a viewer writes (e.g.
 * the left of {@code X-Forwarded-For}) moves it. {@code POST /play} is not behind the origin-secret
 * guard (a viewer app may call it directly), so CDN-written headers — the viewer address and {@code
 * CloudFront-Viewer-Country} — are believed only when {@code settings.cdnTrust()} vouches for the
 * request (a valid origin secret, or a trusted TCP peer); otherwise the country is unknown (an
 * asset with country rules is refused, {@code country_unknown}) and so is a header-sourced address.
 * When the address is unknown (not vouched for, absent, or {@code X-Forwarded-For} with no trusted
 * proxy):
 *
 * <ul>
 *   <li>an IP-bound grant is refused (403 {@code viewer_ip_unknown}): the gate would refuse it, and
 *       minting it unbound instead would let a viewer shed the binding by dodging the proxy;
 *   <li>the per-IP rate limit keys on the TCP peer address instead (a separate {@code peer:} key
 *       space). The peer is not viewer-written; behind a proxy it is the proxy's address, so such
 *       requests share one bucket — stricter, never looser, and never a key a viewer can choose;
 *   <li>the audit line's {@code ip} is {@code unknown}.
 * </ul>
 */
public final class PlayHandler implements Handler<RoutingContext> {
  /** The route parameter holding the asset id. */
  public static final String ASSET_PARAM = "assetId";

  private static final Logger LOG = LoggerFactory.getLogger(PlayHandler.class);
  private static final String JSON = "application/json";
  private static final String UNKNOWN = "unknown";
  private static final String VIEWER_IP_UNKNOWN = "viewer_ip_unknown";
  private static final String VIEWER_IP_NOT_IPV4 = "viewer_ip_not_ipv4";

  private final EntitlementSettings settings;
  private final ViewerLocator viewerLocator;
  private final AssetCatalog catalog;
  private final ViewerTokenVerifier verifier;
  private final GrantSigner signer;
  private final ViewerRateLimits rateLimits;
  private final AuditLog audit;
  private final Clock clock;

  /**
   * @param signer signs the grant; for the key {@code settings.signingKey()} names
   * @param clock the time used for the policy window and the grant expiry
   * @throws IllegalArgumentException when {@code signer} is for another scheme or key than {@code
   *     settings.signingKey()}, or {@code settings.ipBinding()} is on and its grants cannot carry a
   *     viewer IP
   */
  public PlayHandler(
      EntitlementSettings settings,
      BlobStore store,
      ViewerTokenVerifier verifier,
      GrantSigner signer,
      ViewerRateLimits rateLimits,
      AuditLog audit,
      Clock clock) {
    if (signer.scheme() != settings.signingKey().scheme()
        || !signer.keyId().equals(settings.signingKey().keyId())) {
      throw new IllegalArgumentException(
          "signer signs for "
              + signer.scheme()
              + " key "
              + signer.keyId()
              + " but the settings name "
              + settings.signingKey().scheme()
              + " key "
              + settings.signingKey().keyId());
    }
    if (settings.ipBinding() && !signer.bindsViewerIp()) {
      throw new IllegalArgumentException(
          "ipBinding is on but " + signer.scheme() + " grants cannot be bound to a viewer IP");
    }
    this.settings = settings;
    ViewerAddress viewerAddress =
        ViewerAddress.of(settings.viewerIp().header(), settings.viewerIp().trustedProxies());
    this.viewerLocator =
        new ViewerLocator(viewerAddress, settings.viewerCountryHeader(), settings.cdnTrust());
    this.catalog = new AssetCatalog(store);
    this.verifier = verifier;
    this.signer = signer;
    this.rateLimits = rateLimits;
    this.audit = audit;
    this.clock = clock;
    if (viewerAddress.neverResolves()) {
      LOG.warn(
          "viewer IP from {}: no address ever resolves; the per-IP limit keys on the TCP peer{}",
          viewerAddress,
          settings.ipBinding() ? " and every IP-bound grant is refused" : "");
    }
    @Nullable String neverBelieved = viewerLocator.neverBelievedWarning();
    if (neverBelieved != null) {
      LOG.warn("POST /play: {}", neverBelieved);
    }
  }

  /** The verifier, so a server can {@link ViewerTokenVerifier#preload()} the JWKS at start-up. */
  public ViewerTokenVerifier verifier() {
    return verifier;
  }

  @Override
  public void handle(RoutingContext ctx) {
    String assetId = String.valueOf(ctx.pathParam(ASSET_PARAM));
    // CDN-written headers (viewer address, country) count only on a request that came through the
    // CDN: a viewer reaching /play directly could otherwise pick its country and rotate its IP.
    ViewerLocation location = viewerLocator.locate(ctx.request());
    Optional<InetAddress> address = Optional.ofNullable(location.address());
    String ip = address.map(InetAddress::getHostAddress).orElse(UNKNOWN);
    @Nullable String country = location.country();
    // Every continuation runs back on the request's event-loop context, whichever thread or
    // Vert.x instance completed the step (JWKS fetch, store read).
    Request request =
        new Request(
            ctx, ctx.vertx().getOrCreateContext(), assetId, address.orElse(null), ip, country);

    OptionalLong ipWait = rateLimits.tryAcquireIp(rateLimitKey(ctx, address));
    if (ipWait.isPresent()) {
      tooManyRequests(request, null, "rate_limited_ip", ipWait.getAsLong());
      return;
    }
    @Nullable String token = bearerToken(ctx);
    if (token == null) {
      unauthorized(request, InvalidTokenException.missing());
      return;
    }
    Future.fromCompletionStage(verifier.verify(token).toCompletionStage(), request.context)
        .onSuccess(viewer -> authorized(request, viewer))
        .onFailure(
            e -> {
              if (e instanceof InvalidTokenException invalid) {
                unauthorized(request, invalid);
              } else {
                LOG.error("cannot verify viewer tokens: {}", e.toString());
                audit(request, null, AuditLog.Outcome.ERROR, "jwks_unavailable", null);
                respond(request, 503, new JsonObject().put("error", "unavailable"));
              }
            });
  }

  private void authorized(Request request, ViewerClaims viewer) {
    OptionalLong subjectWait = rateLimits.tryAcquireSubject(viewer.subject());
    if (subjectWait.isPresent()) {
      tooManyRequests(request, viewer.subject(), "rate_limited_subject", subjectWait.getAsLong());
      return;
    }
    if (!AssetKeys.isValidId(request.assetId)) {
      notFound(request, viewer.subject(), "invalid_asset_id");
      return;
    }
    Future.fromCompletionStage(catalog.asset(request.assetId), request.context)
        .onSuccess(asset -> decided(request, viewer, asset))
        .onFailure(
            e -> {
              Throwable cause =
                  e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
              if (cause instanceof AssetNotFoundException) {
                notFound(request, viewer.subject(), "unknown_asset");
              } else {
                LOG.error("cannot read asset.json of {}: {}", request.assetId, cause.toString());
                audit(request, viewer.subject(), AuditLog.Outcome.ERROR, "asset_unreadable", null);
                respond(request, 500, new JsonObject().put("error", "internal"));
              }
            });
  }

  private void decided(Request request, ViewerClaims viewer, AssetRecord asset) {
    Instant now = clock.instant();
    Decision decision = EntitlementPolicy.decide(viewer, asset, request.country, now);
    Decision.@Nullable Reason reason = decision.reason();
    if (reason == Decision.Reason.NOT_PUBLISHED) {
      notFound(request, viewer.subject(), reason.wireName());
      return;
    }
    if (reason != null) {
      audit(request, viewer.subject(), AuditLog.Outcome.DENIED, reason.wireName(), null);
      respond(
          request,
          reason.httpStatus(),
          new JsonObject().put("error", "forbidden").put("reason", reason.wireName()));
      return;
    }
    @Nullable InetAddress address = request.address;
    if (settings.ipBinding() && address == null) {
      // The gate cannot place this viewer either; an unbound grant would shed the binding.
      audit(request, viewer.subject(), AuditLog.Outcome.DENIED, VIEWER_IP_UNKNOWN, null);
      respond(
          request,
          403,
          new JsonObject().put("error", "forbidden").put("reason", VIEWER_IP_UNKNOWN));
      return;
    }
    if (settings.ipBinding() && !(address instanceof Inet4Address)) {
      // CloudFront's custom-policy AWS:SourceIp takes IPv4 ranges only (Developer Guide, "Creating
      // a signed URL using a custom policy"), so an IPv6 viewer cannot be bound; an unbound grant
      // would silently shed the binding. Distributions that bind turn IPv6 off (IsIPV6Enabled).
      audit(request, viewer.subject(), AuditLog.Outcome.DENIED, VIEWER_IP_NOT_IPV4, null);
      respond(
          request,
          403,
          new JsonObject().put("error", "forbidden").put("reason", VIEWER_IP_NOT_IPV4));
      return;
    }
    @Nullable IpRange sourceIp =
        settings.ipBinding() && address instanceof Inet4Address ? new IpRange(address, 32) : null;
    Instant expiresAt = now.plus(settings.cookieTtl()).truncatedTo(ChronoUnit.SECONDS);
    String prefix = settings.publicBaseUrl() + ResourceNaming.grantPrefix(asset.assetId(), null);
    request
        .context
        .executeBlocking(() -> signer.sign(prefix, expiresAt, sourceIp), false)
        .onSuccess(grant -> granted(request, viewer, asset, grant))
        .onFailure(
            e -> {
              LOG.error("cannot mint a grant for {}: {}", asset.assetId(), e.toString());
              audit(request, viewer.subject(), AuditLog.Outcome.ERROR, "mint_failed", null);
              respond(request, 500, new JsonObject().put("error", "internal"));
            });
  }

  private void granted(Request request, ViewerClaims viewer, AssetRecord asset, Grant grant) {
    HttpServerResponse response = request.ctx.response();
    String id = asset.assetId();
    String path = ResourceNaming.grantPrefix(id, null);
    // The scheme's cookies: CloudFront-Policy, -Signature, -Key-Pair-Id, or Cloud-CDN-Cookie.
    grant.cookies().forEach((name, value) -> response.addCookie(cookie(name, value, path)));
    JsonObject body =
        new JsonObject()
            .put("assetId", asset.assetId())
            .put("hls", settings.publicBaseUrl() + ResourceNaming.multivariantPlaylistPath(id))
            .put("dash", settings.publicBaseUrl() + ResourceNaming.mpdPath(id))
            .put("expiresAt", grant.expiry().toString())
            .put("expiresEpochSeconds", grant.expiry().getEpochSecond())
            .put("signedQuery", grant.signedUrlQuery());
    audit(request, viewer.subject(), AuditLog.Outcome.GRANTED, null, grant.expiry());
    respond(request, 200, body);
  }

  private Cookie cookie(String name, String value, String path) {
    EntitlementSettings.Cookie attributes = settings.cookie();
    Cookie cookie =
        Cookie.cookie(name, value)
            .setPath(path)
            .setSecure(attributes.secure())
            .setHttpOnly(attributes.httpOnly())
            .setSameSite(sameSite(attributes.sameSite()));
    @Nullable String domain = attributes.domain();
    if (domain != null) {
      cookie.setDomain(domain);
    }
    return cookie; // a session cookie: no Expires/Max-Age, the policy carries the expiry
  }

  private static CookieSameSite sameSite(EntitlementSettings.SameSite sameSite) {
    switch (sameSite) {
      case STRICT:
        return CookieSameSite.STRICT;
      case NONE:
        return CookieSameSite.NONE;
      case LAX:
      default:
        return CookieSameSite.LAX;
    }
  }

  /**
   * The per-IP rate-limit key: the resolved viewer address, or, when it is unknown, the TCP peer in
   * a separate {@code peer:} key space (never a value the viewer wrote).
   */
  private static String rateLimitKey(RoutingContext ctx, Optional<InetAddress> address) {
    if (address.isPresent()) {
      return address.get().getHostAddress();
    }
    @Nullable InetAddress peer = ViewerAddress.peer(ctx.request());
    return peer == null ? UNKNOWN : "peer:" + peer.getHostAddress();
  }

  /** RFC 6750 §2.1: {@code Authorization: Bearer <token>}; the scheme is case-insensitive. */
  private static @Nullable String bearerToken(RoutingContext ctx) {
    @Nullable String authorization = ctx.request().getHeader("Authorization");
    if (authorization == null) {
      return null;
    }
    String value = authorization.trim();
    if (value.length() < 7 || !value.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return null;
    }
    String token = value.substring(7).trim();
    return token.isEmpty() ? null : token;
  }

  private void unauthorized(Request request, InvalidTokenException e) {
    // RFC 6750 §3.1: without a token, no error code; with a bad one, error="invalid_token".
    String challenge =
        e.isMissing()
            ? "Bearer realm=\"prism\""
            : "Bearer realm=\"prism\", error=\"invalid_token\"";
    String reason = e.isMissing() ? "missing_token" : "invalid_token";
    request.ctx.response().putHeader("WWW-Authenticate", challenge);
    LOG.debug("401 for {}: {}", request.ip, e.getMessage());
    audit(request, null, AuditLog.Outcome.UNAUTHENTICATED, reason, null);
    respond(request, 401, new JsonObject().put("error", "unauthorized").put("reason", reason));
  }

  private void tooManyRequests(
      Request request, @Nullable String subject, String reason, long retryAfterSeconds) {
    request.ctx.response().putHeader("Retry-After", Long.toString(retryAfterSeconds));
    audit(request, subject, AuditLog.Outcome.RATE_LIMITED, reason, null);
    respond(
        request,
        429,
        new JsonObject().put("error", "rate_limited").put("retryAfterSeconds", retryAfterSeconds));
  }

  private void notFound(Request request, String subject, String reason) {
    audit(request, subject, AuditLog.Outcome.NOT_FOUND, reason, null);
    respond(request, 404, new JsonObject().put("error", "not_found"));
  }

  private static void respond(Request request, int status, JsonObject body) {
    HttpServerResponse response = request.ctx.response();
    if (response.ended()) {
      return;
    }
    response
        .setStatusCode(status)
        .putHeader("Content-Type", JSON)
        .putHeader("Cache-Control", "no-store") // a grant is one viewer's, never a shared cache's
        .end(body.encode());
  }

  private void audit(
      Request request,
      @Nullable String subject,
      AuditLog.Outcome outcome,
      @Nullable String reason,
      @Nullable Instant expiresAt) {
    audit.record(
        new AuditLog.Entry(
            subject, request.assetId, outcome, reason, request.ip, request.country, expiresAt));
  }

  /**
   * @param address the resolved viewer address, null when unknown
   * @param ip {@code address} as text for logs and the audit line, {@code unknown} when unknown
   */
  private record Request(
      RoutingContext ctx,
      Context context,
      String assetId,
      @Nullable InetAddress address,
      String ip,
      @Nullable String country) {}
}
