package dev.prism.entitlement.http;

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
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
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
 * <p>Thread-safe: the key set is swapped atomically, so one verifier can serve every event loop.
 */
public final class ViewerTokenVerifier {
  private static final Logger LOG = LoggerFactory.getLogger(ViewerTokenVerifier.class);
  private static final Set<String> ALGORITHMS = Set.of("RS256", "ES256");

  private final Vertx vertx;
  private final EntitlementSettings.Jwt settings;
  private final JwksSource source;
  private final Clock clock;
  private final AtomicLong fetchCount = new AtomicLong();
  private final Object lock = new Object();

  private volatile @Nullable KeySet keys;
  private @Nullable Future<KeySet> inFlight; // guarded by lock
  private @Nullable Instant lastFetchStarted; // guarded by lock

  /**
   * @param source the JWKS location ({@link JwksSource#of(Vertx, String)} for the configured one)
   * @param clock the time used for the refetch interval and cache age (JWT time checks use the
   *     library's own clock)
   */
  public ViewerTokenVerifier(
      Vertx vertx, EntitlementSettings.Jwt settings, JwksSource source, Clock clock) {
    this.vertx = vertx;
    this.settings = settings;
    this.source = source;
    this.clock = clock;
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
   * Verifies {@code token} and reads the viewer's claims with the configured claim names.
   *
   * @return the claims; fails with {@link InvalidTokenException} for any token problem, and with
   *     another exception when the JWKS cannot be obtained at all (a server problem, not the
   *     viewer's)
   */
  public Future<ViewerClaims> verify(String token) {
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
              return set.auth
                  .authenticate(new TokenCredentials(token))
                  .recover(
                      e ->
                          Future.failedFuture(
                              InvalidTokenException.invalid(String.valueOf(e.getMessage()))));
            })
        .compose(this::claims);
  }

  private Future<ViewerClaims> claims(User user) {
    @Nullable JsonObject payload = user.attributes().getJsonObject("accessToken");
    if (payload == null) {
      return Future.failedFuture(InvalidTokenException.invalid("no payload"));
    }
    if (!(payload.getValue("exp") instanceof Number)) {
      return Future.failedFuture(InvalidTokenException.invalid("no exp claim"));
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
    boolean stale =
        current != null && current.fetchedAt.plus(settings.jwksCacheTtl()).isBefore(now);
    boolean unknownKid = current != null && kid != null && !current.kids.contains(kid);
    if (current != null && !stale && !unknownKid) {
      return Future.succeededFuture(current);
    }
    synchronized (lock) {
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
      Promise<KeySet> promise = Promise.promise();
      inFlight = promise.future();
      source
          .fetch()
          .map(jwks -> build(jwks, now))
          .onComplete(
              ar -> {
                synchronized (lock) {
                  inFlight = null;
                }
                if (ar.succeeded()) {
                  keys = ar.result();
                  LOG.info("JWKS {}: key ids {}", source.describe(), ar.result().kids);
                  promise.complete(ar.result());
                } else if (current != null) {
                  LOG.warn(
                      "JWKS {} refetch failed, keeping the cached keys: {}",
                      source.describe(),
                      ar.cause().toString());
                  promise.complete(current);
                } else {
                  promise.fail(
                      new IllegalStateException(
                          "cannot load the JWKS from " + source.describe(), ar.cause()));
                }
              });
      return promise.future();
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
      return new KeySet(null, Set.of(), fetchedAt);
    }
    JWTOptions jwtOptions =
        new JWTOptions()
            .setIssuer(settings.issuer())
            .setAudience(List.of(settings.audience()))
            .setLeeway((int) settings.leeway().toSeconds());
    JWTAuth auth =
        JWTAuth.create(vertx, new JWTAuthOptions().setJwks(usable).setJWTOptions(jwtOptions));
    return new KeySet(auth, Set.copyOf(kids), fetchedAt);
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

  /** One fetched JWKS as a verifier; {@code auth} is null when it held no usable key. */
  private record KeySet(@Nullable JWTAuth auth, Set<String> kids, Instant fetchedAt) {}

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "ViewerTokenVerifier[%s]", source.describe());
  }
}
