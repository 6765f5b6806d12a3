package dev.prism.entitlement.http;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.User;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifies viewer JWTs (RFC 7519) with vertx-auth-jwt against a cached JWKS (RFC 7517).
 *
 * <p>Only {@code RS256} and {@code ES256} (RFC 7518 §3.3, §3.4) are accepted, whatever the JWKS
 * holds. The token must carry {@code exp}; {@code exp}, {@code nbf} and {@code iat} are checked
 * with the configured leeway, {@code iss} must equal the configured issuer and {@code aud} must
 * contain the configured audience.
 *
 * <p>The JWKS is fetched on first use and cached. A token whose {@code kid} is not in the cached
 * set triggers one refetch (identity providers publish a new key before they sign with it), at most
 * once per {@link EntitlementSettings.Jwt#jwksRefetchMinInterval()}, and concurrent misses share
 * that one fetch; tokens with made-up key ids therefore cannot hammer the identity provider. The
 * cached set is also refreshed when older than {@code jwksCacheTtl}. A failed refetch keeps the
 * previous set.
 *
 * <p>Signature checks run on a Vert.x worker thread, never on the caller's event loop:
 * vertx-auth-jwt verifies with one {@code java.security.Signature} per key, under a lock, so a
 * burst of {@code POST /play} on the event loop would serialise there and hold up every manifest
 * and segment on the same loop. The returned future completes on the caller's context when it has
 * one; callers that must resume on a particular context should still hop there themselves.
 *
 * <p>A successful verification is cached, keyed by the exact token string, for at most {@link
 * #MAX_CACHED_TOKENS} tokens, until the token's {@code exp} and never longer than {@code
 * jwksCacheTtl}, so a viewer's retries and refreshes cost a map lookup. Failures are never cached.
 * A JWKS refresh that drops a key empties the cache, so a withdrawn key stops being honoured at
 * once.
 *
 * <p>Thread-safe: the key set is swapped atomically, so one verifier can serve every event loop.
 */
public final class ViewerTokenVerifier {
  private static final Logger LOG = LoggerFactory.getLogger(ViewerTokenVerifier.class);
  private static final Set<String> ALGORITHMS = Set.of("RS256", "ES256");

  /** At most this many verified tokens are cached (about 1–2 KiB each with their claims). */
  public static final int MAX_CACHED_TOKENS = 10_000;

  private final Vertx vertx;
  private final EntitlementSettings.Jwt settings;
  private final JwksSource source;
  private final Clock clock;
  private final AtomicLong fetchCount = new AtomicLong();
  private final AtomicLong verificationCount = new AtomicLong();
  private final Object lock = new Object();
  private final Cache<String, Verified> verified;
  private volatile Runnable verificationHook = () -> {};

  private volatile @Nullable KeySet keys;
  private @Nullable Future<KeySet> inFlight; // guarded by lock
  private @Nullable Instant lastFetchStarted; // guarded by lock

  /**
   * @param source the JWKS location ({@link JwksSource#of(Vertx, String)} for the configured one)
   * @param clock the time used for the refetch interval, the JWKS and token cache ages, and the
   *     {@code exp}/{@code nbf} checks (vertx-auth-jwt also checks them with the system clock)
   */
  public ViewerTokenVerifier(
      Vertx vertx, EntitlementSettings.Jwt settings, JwksSource source, Clock clock) {
    this.vertx = vertx;
    this.settings = settings;
    this.source = source;
    this.clock = clock;
    this.verified =
        Caffeine.newBuilder()
            .maximumSize(MAX_CACHED_TOKENS)
            .ticker(clockTicker(clock))
            .expireAfter(new UntilExpiry(clock))
            .build();
  }

  /** A verifier reading the JWKS from {@code settings.jwks()} (file or URL). */
  public static ViewerTokenVerifier create(Vertx vertx, EntitlementSettings.Jwt settings) {
    return new ViewerTokenVerifier(
        vertx, settings, JwksSource.of(vertx, settings.jwks()), Clock.systemUTC());
  }

  /** Fetches the JWKS now, so a misconfigured source fails at start-up instead of per viewer. */
  public Future<Void> preload() {
    return keySet(null).mapEmpty();
  }

  /** How many times the JWKS was fetched (successful or not); for tests and metrics. */
  public long jwksFetchCount() {
    return fetchCount.get();
  }

  /**
   * How many signature verifications ran (cache hits and tokens refused before the signature check
   * do not count); for tests and metrics.
   */
  public long verificationCount() {
    return verificationCount.get();
  }

  /** Runs {@code hook} on the worker thread just before each signature check; tests only. */
  void onVerification(Runnable hook) {
    this.verificationHook = hook;
  }

  /**
   * Verifies {@code token} and reads the viewer's claims with the configured claim names.
   *
   * @return the claims; fails with {@link InvalidTokenException} for any token problem, and with
   *     another exception when the JWKS cannot be obtained at all (a server problem, not the
   *     viewer's)
   */
  public Future<ViewerClaims> verify(String token) {
    @Nullable Verified hit = verified.getIfPresent(token);
    if (hit != null && hit.expiresAt.isAfter(clock.instant())) {
      return Future.succeededFuture(hit.claims);
    }
    JsonObject header;
    try {
      header = header(token);
    } catch (InvalidTokenException e) {
      return Future.failedFuture(e);
    }
    String alg = String.valueOf(header.getValue("alg"));
    if (!ALGORITHMS.contains(alg)) {
      return Future.failedFuture(InvalidTokenException.invalid("unsupported alg " + alg));
    }
    @Nullable String kid = header.getValue("kid") instanceof String s ? s : null;
    return keySet(kid)
        .compose(
            set -> {
              if (set.auth == null) {
                return Future.failedFuture(
                    InvalidTokenException.invalid("the JWKS holds no usable RS256/ES256 key"));
              }
              if (kid != null && !set.kids.contains(kid)) {
                return Future.failedFuture(InvalidTokenException.invalid("unknown kid " + kid));
              }
              JWTAuth auth = set.auth;
              // Off the event loop: the check is CPU work serialised on the key's Signature.
              return vertx
                  .executeBlocking(
                      () -> {
                        verificationHook.run();
                        verificationCount.incrementAndGet();
                        return auth.authenticate(new TokenCredentials(token));
                      },
                      false)
                  .compose(authenticated -> authenticated)
                  .recover(
                      e ->
                          Future.failedFuture(
                              InvalidTokenException.invalid(String.valueOf(e.getMessage()))))
                  .compose(user -> remember(token, user, set));
            });
  }

  /** Reads the claims of a verified token and caches them until {@code exp}. */
  private Future<ViewerClaims> remember(String token, User user, KeySet set) {
    Instant now = clock.instant();
    @Nullable JsonObject payload = user.attributes().getJsonObject("accessToken");
    Future<ViewerClaims> claims = claims(user, now);
    if (claims.succeeded() && payload != null && keys == set) { // not verified by a withdrawn set
      Instant exp = Instant.ofEpochSecond(((Number) payload.getValue("exp")).longValue());
      Instant expiresAt = min(exp, now.plus(settings.jwksCacheTtl()));
      if (expiresAt.isAfter(now)) {
        verified.put(token, new Verified(claims.result(), expiresAt));
      }
    }
    return claims;
  }

  private static Instant min(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }

  private Future<ViewerClaims> claims(User user, Instant now) {
    @Nullable JsonObject payload = user.attributes().getJsonObject("accessToken");
    if (payload == null) {
      return Future.failedFuture(InvalidTokenException.invalid("no payload"));
    }
    if (!(payload.getValue("exp") instanceof Number exp)) {
      return Future.failedFuture(InvalidTokenException.invalid("no exp claim"));
    }
    // Again with this verifier's clock, which the token cache also uses (RFC 7519 §4.1.4, §4.1.5).
    Duration leeway = settings.leeway();
    if (!Instant.ofEpochSecond(exp.longValue()).plus(leeway).isAfter(now)) {
      return Future.failedFuture(InvalidTokenException.invalid("token expired"));
    }
    if (payload.getValue("nbf") instanceof Number nbf
        && Instant.ofEpochSecond(nbf.longValue()).minus(leeway).isAfter(now)) {
      return Future.failedFuture(InvalidTokenException.invalid("token not yet valid"));
    }
    EntitlementSettings.Claims names = settings.claims();
    if (!(payload.getValue(names.subject()) instanceof String subject) || subject.isEmpty()) {
      return Future.failedFuture(
          InvalidTokenException.invalid("no '" + names.subject() + "' claim"));
    }
    return Future.succeededFuture(
        new ViewerClaims(
            subject,
            isActive(payload.getValue(names.subscription()), names.activeValues()),
            plans(payload.getValue(names.plan()))));
  }

  private static boolean isActive(@Nullable Object status, List<String> activeValues) {
    if (status instanceof Boolean b) {
      return b;
    }
    if (status instanceof String s) {
      return activeValues.stream().anyMatch(v -> v.equalsIgnoreCase(s.trim()));
    }
    return false;
  }

  private static List<String> plans(@Nullable Object claim) {
    if (claim instanceof String s) {
      return s.isBlank() ? List.of() : List.of(s);
    }
    if (claim instanceof JsonArray array) {
      List<String> plans = new ArrayList<>();
      for (Object o : array) {
        if (o instanceof String s) {
          plans.add(s);
        }
      }
      return plans;
    }
    return List.of();
  }

  /** Decodes the JOSE header (RFC 7515 §4) without trusting anything in it yet. */
  private static JsonObject header(String token) {
    int dot = token.indexOf('.');
    if (dot <= 0 || token.chars().filter(c -> c == '.').count() != 2) {
      throw InvalidTokenException.invalid("not a compact JWS");
    }
    try {
      byte[] json = Base64.getUrlDecoder().decode(token.substring(0, dot));
      return new JsonObject(new String(json, StandardCharsets.UTF_8));
    } catch (IllegalArgumentException | DecodeException | ClassCastException e) {
      throw InvalidTokenException.invalid("malformed JOSE header");
    }
  }

  /**
   * The key set to verify a token with {@code kid}: the cached one, unless it is missing, too old,
   * or lacks {@code kid} and a refetch is allowed now.
   */
  private Future<KeySet> keySet(@Nullable String kid) {
    @Nullable KeySet current = keys;
    Instant now = clock.instant();
    if (fresh(current, kid, now)) {
      return Future.succeededFuture(current);
    }
    synchronized (lock) {
      // Read again under the lock: a fetch may have completed since. Keys are published under
      // this lock before inFlight is cleared, so a caller sees one or the other, never neither.
      current = keys;
      if (fresh(current, kid, now)) {
        return Future.succeededFuture(current);
      }
      if (inFlight != null) {
        return inFlight;
      }
      if (lastFetchStarted != null
          && lastFetchStarted.plus(settings.jwksRefetchMinInterval()).isAfter(now)) {
        // Refetch budget spent: answer from the cache (or fail fast while the source is down).
        return current != null
            ? Future.succeededFuture(current)
            : Future.failedFuture(
                new IllegalStateException(
                    "the JWKS from " + source.describe() + " is unavailable"));
      }
      lastFetchStarted = now;
      fetchCount.incrementAndGet();
      @Nullable KeySet previous = current;
      Promise<KeySet> promise = Promise.promise();
      inFlight = promise.future();
      source
          .fetch()
          .map(jwks -> build(jwks, now))
          .onComplete(
              ar -> {
                synchronized (lock) {
                  if (ar.succeeded()) {
                    publish(ar.result());
                  }
                  inFlight = null;
                }
                if (ar.succeeded()) {
                  LOG.info("JWKS {}: key ids {}", source.describe(), ar.result().kids);
                  promise.complete(ar.result());
                } else if (previous != null) {
                  LOG.warn(
                      "JWKS {} refetch failed, keeping the cached keys: {}",
                      source.describe(),
                      ar.cause().toString());
                  promise.complete(previous);
                } else {
                  promise.fail(
                      new IllegalStateException(
                          "cannot load the JWKS from " + source.describe(), ar.cause()));
                }
              });
      return promise.future();
    }
  }

  private boolean fresh(@Nullable KeySet set, @Nullable String kid, Instant now) {
    return set != null
        && !set.fetchedAt.plus(settings.jwksCacheTtl()).isBefore(now)
        && (kid == null || set.kids.contains(kid));
  }

  /** Makes {@code next} the key set; a set that drops a key also drops the tokens cached. */
  private void publish(KeySet next) { // under lock
    @Nullable KeySet previous = keys;
    keys = next;
    if (previous != null && !next.jwks.containsAll(previous.jwks)) {
      verified.invalidateAll();
    }
  }

  /** Builds a JWTAuth from the usable keys of {@code jwks}; a bad key is skipped, not fatal. */
  private KeySet build(JsonObject jwks, Instant fetchedAt) {
    List<JsonObject> usable = new ArrayList<>();
    Set<String> kids = new LinkedHashSet<>();
    for (Object o : jwks.getJsonArray("keys", new JsonArray())) {
      if (!(o instanceof JsonObject jwk)) {
        continue;
      }
      @Nullable JsonObject normalized = normalize(jwk.copy());
      if (normalized == null) {
        continue;
      }
      try {
        JWTAuth.create(vertx, new JWTAuthOptions().addJwk(normalized)); // validates the key
      } catch (RuntimeException e) {
        LOG.warn(
            "JWKS {}: skipping key {}: {}", source.describe(), jwk.getValue("kid"), e.toString());
        continue;
      }
      usable.add(normalized);
      if (normalized.getValue("kid") instanceof String kid) {
        kids.add(kid);
      }
    }
    if (usable.isEmpty()) {
      // Never build a JWTAuth without keys: vertx-auth-jwt would run in "unsecured" mode.
      return new KeySet(null, Set.of(), List.of(), fetchedAt);
    }
    JWTOptions jwtOptions =
        new JWTOptions()
            .setIssuer(settings.issuer())
            .setAudience(List.of(settings.audience()))
            .setLeeway((int) settings.leeway().toSeconds())
            // exp and nbf are checked once, by claims(), with this verifier's clock: vertx-auth-jwt
            // would report a future nbf as "token expired" in the audit log, on another clock.
            .setIgnoreExpiration(true);
    JWTAuth auth =
        JWTAuth.create(vertx, new JWTAuthOptions().setJwks(usable).setJWTOptions(jwtOptions));
    return new KeySet(auth, Set.copyOf(kids), List.copyOf(usable), fetchedAt);
  }

  /**
   * Keeps RSA and P-256 signature keys and names their algorithm when the JWKS leaves {@code alg}
   * out (RFC 7517 §4.4 makes it optional); returns null for any other key.
   */
  private static @Nullable JsonObject normalize(JsonObject jwk) {
    @Nullable String use = jwk.getValue("use") instanceof String s ? s : null;
    if (use != null && !use.equals("sig")) {
      return null;
    }
    String kty = String.valueOf(jwk.getValue("kty"));
    @Nullable String alg = jwk.getValue("alg") instanceof String s ? s : null;
    if (kty.equals("RSA")) {
      alg = alg == null ? "RS256" : alg;
      return alg.equals("RS256") ? jwk.put("alg", alg) : null;
    }
    if (kty.equals("EC") && "P-256".equals(jwk.getValue("crv"))) {
      alg = alg == null ? "ES256" : alg;
      return alg.equals("ES256") ? jwk.put("alg", alg) : null;
    }
    return null;
  }

  /**
   * One fetched JWKS as a verifier; {@code auth} is null when it held no usable key, {@code jwks}
   * are its usable keys.
   */
  private record KeySet(
      @Nullable JWTAuth auth, Set<String> kids, List<JsonObject> jwks, Instant fetchedAt) {}

  /** A verified token's claims, cached until {@code expiresAt}. */
  private record Verified(ViewerClaims claims, Instant expiresAt) {}

  /** Caffeine's time from {@code clock}, so the cache ages with the clock the checks use. */
  private static Ticker clockTicker(Clock clock) {
    return () -> TimeUnit.MILLISECONDS.toNanos(clock.millis());
  }

  /** Each cached token lives until its own {@link Verified#expiresAt()}. */
  private static final class UntilExpiry implements Expiry<String, Verified> {
    private final Clock clock;

    UntilExpiry(Clock clock) {
      this.clock = clock;
    }

    @Override
    public long expireAfterCreate(String token, Verified value, long currentTimeNanos) {
      return Math.max(0, Duration.between(clock.instant(), value.expiresAt).toNanos());
    }

    @Override
    public long expireAfterUpdate(
        String token, Verified value, long currentTimeNanos, long currentDurationNanos) {
      return expireAfterCreate(token, value, currentTimeNanos);
    }

    @Override
    public long expireAfterRead(
        String token, Verified value, long currentTimeNanos, long currentDurationNanos) {
      return currentDurationNanos;
    }
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "ViewerTokenVerifier[%s]", source.describe());
  }
}
