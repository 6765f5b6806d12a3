package dev.prism.entitlement.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ViewerTokenVerifierTest {
  private static Vertx vertx;
  private static TestIssuer rsa;
  private static TestIssuer ec;

  @TempDir Path dir;

  @BeforeAll
  static void startVertx() {
    vertx = Vertx.vertx();
    rsa = TestIssuer.rsa("rsa-1");
    ec = TestIssuer.ec("ec-1");
  }

  @AfterAll
  static void stopVertx() {
    Await.result(vertx.close());
  }

  private ViewerTokenVerifier fileVerifier(TestIssuer... issuers) throws Exception {
    List<JsonObject> keys = new ArrayList<>();
    for (TestIssuer issuer : issuers) {
      keys.add(issuer.jwk());
    }
    Path jwks = dir.resolve("jwks.json");
    Files.writeString(jwks, Jwks.keySet(keys).encode(), StandardCharsets.UTF_8);
    return ViewerTokenVerifier.create(
        vertx, EntitlementSettings.Jwt.of(jwks.toString(), TestIssuer.ISSUER, TestIssuer.AUDIENCE));
  }

  /**
   * An identity provider's JWKS endpoint on a free local port, serving whatever {@code published}
   * holds at each request, after {@code delayMs} (0: at once), and counting requests in {@code
   * fetches}.
   */
  private static HttpServer serveJwks(
      List<JsonObject> published, AtomicInteger fetches, long delayMs) {
    return Await.result(
        vertx
            .createHttpServer()
            .requestHandler(
                request -> {
                  fetches.incrementAndGet();
                  Runnable answer =
                      () ->
                          request
                              .response()
                              .putHeader("Content-Type", "application/json")
                              .end(Jwks.keySet(published).encode());
                  if (delayMs == 0) {
                    answer.run();
                  } else {
                    vertx.setTimer(delayMs, t -> answer.run());
                  }
                })
            .listen(0, "127.0.0.1"));
  }

  /**
   * A verifier fetching the JWKS at {@code url}: 30 s leeway, default claim names, a 10 min cache
   * and at most one unknown-kid refetch per {@code refetchInterval}.
   */
  private static ViewerTokenVerifier httpVerifier(
      String url, Duration refetchInterval, Clock clock) {
    return new ViewerTokenVerifier(
        vertx,
        new EntitlementSettings.Jwt(
            url,
            TestIssuer.ISSUER,
            TestIssuer.AUDIENCE,
            Duration.ofSeconds(30),
            EntitlementSettings.Claims.DEFAULTS,
            Duration.ofMinutes(10),
            refetchInterval),
        JwksSource.of(vertx, url),
        clock);
  }

  private static InvalidTokenException invalid(ViewerTokenVerifier verifier, String token) {
    Throwable failure = Await.failure(verifier.verify(token));
    assertThat(failure).isInstanceOf(InvalidTokenException.class);
    return (InvalidTokenException) failure;
  }

  @Test
  void verify_rs256FromFileJwks_readsClaims() throws Exception {
    ViewerTokenVerifier verifier = fileVerifier(rsa, ec);
    ViewerClaims claims = Await.result(verifier.verify(rsa.token(vertx, "viewer-1")));
    assertThat(claims).isEqualTo(new ViewerClaims("viewer-1", true, List.of("basic")));
  }

  @Test
  void verify_es256FromFileJwks_readsClaims() throws Exception {
    ViewerTokenVerifier verifier = fileVerifier(rsa, ec);
    ViewerClaims claims = Await.result(verifier.verify(ec.token(vertx, "viewer-2")));
    assertThat(claims.subject()).isEqualTo("viewer-2");
  }

  @Test
  void verify_jwkWithoutAlg_algorithmInferredFromKeyType() throws Exception {
    Path jwks = dir.resolve("jwks.json");
    JsonObject bare = ec.jwk();
    bare.remove("alg");
    bare.remove("use");
    Files.writeString(jwks, Jwks.keySet(List.of(bare)).encode());
    ViewerTokenVerifier verifier =
        ViewerTokenVerifier.create(
            vertx,
            EntitlementSettings.Jwt.of(jwks.toString(), TestIssuer.ISSUER, TestIssuer.AUDIENCE));
    assertThat(Await.result(verifier.verify(ec.token(vertx, "v"))).subject()).isEqualTo("v");
  }

  @Test
  void verify_customClaimNamesPlanArrayAndBooleanStatus_readsThem() throws Exception {
    Path jwks = dir.resolve("jwks.json");
    Files.writeString(jwks, Jwks.keySet(List.of(rsa.jwk())).encode());
    EntitlementSettings.Claims names =
        new EntitlementSettings.Claims("uid", "https://example.test/active", List.of(), "tiers");
    ViewerTokenVerifier verifier =
        ViewerTokenVerifier.create(
            vertx,
            new EntitlementSettings.Jwt(
                jwks.toString(),
                TestIssuer.ISSUER,
                TestIssuer.AUDIENCE,
                Duration.ZERO,
                names,
                Duration.ofMinutes(10),
                Duration.ofSeconds(30)));
    Instant now = Instant.now();
    JsonObject claims =
        TestIssuer.claims("ignored", now, Duration.ofMinutes(5))
            .put("uid", "u-42")
            .put("https://example.test/active", true)
            .put("tiers", new JsonArray().add("basic").add("sports"));
    ViewerClaims viewer = Await.result(verifier.verify(rsa.sign(vertx, claims)));
    assertThat(viewer).isEqualTo(new ViewerClaims("u-42", true, List.of("basic", "sports")));
  }

  @Test
  void verify_lapsedSubscriptionStatus_validTokenInactive() throws Exception {
    ViewerTokenVerifier verifier = fileVerifier(rsa);
    JsonObject claims =
        TestIssuer.claims("v", Instant.now(), Duration.ofMinutes(5))
            .put("subscription", "canceled");
    assertThat(Await.result(verifier.verify(rsa.sign(vertx, claims))).subscriptionActive())
        .isFalse();
  }

  @Test
  void verify_expired_invalidToken() throws Exception {
    ViewerTokenVerifier verifier = fileVerifier(rsa);
    JsonObject claims =
        TestIssuer.claims("v", Instant.now().minusSeconds(3600), Duration.ofMinutes(5));
    InvalidTokenException e = invalid(verifier, rsa.sign(vertx, claims));
    assertThat(e.isMissing()).isFalse();
    assertThat(e.getMessage()).contains("expired");
  }

  @Test
  void verify_expiredWithinLeeway_accepted() throws Exception {
    ViewerTokenVerifier verifier = fileVerifier(rsa); // default leeway 30 s
    JsonObject claims =
        TestIssuer.claims("v", Instant.now().minusSeconds(60), Duration.ofSeconds(50));
    assertThat(Await.result(verifier.verify(rsa.sign(vertx, claims))).subject()).isEqualTo("v");
  }

  @Test
  void verify_notBeforeInTheFuture_invalidToken() throws Exception {
    ViewerTokenVerifier verifier = fileVerifier(rsa);
    JsonObject claims =
        TestIssuer.claims("v", Instant.now(), Duration.ofMinutes(30))
            .put("nbf", Instant.now().plusSeconds(600).getEpochSecond());
    assertThat(invalid(verifier, rsa.sign(vertx, claims)).getMessage()).contains("not yet valid");
  }

  @Test
  void verify_wrongAudience_invalidToken() throws Exception {
    ViewerTokenVerifier verifier = fileVerifier(rsa);
    JsonObject claims =
        TestIssuer.claims("v", Instant.now(), Duration.ofMinutes(5)).put("aud", "another-api");
    assertThat(invalid(verifier, rsa.sign(vertx, claims)).getMessage()).containsIgnoringCase("aud");
  }

  @Test
  void verify_noAudience_invalidToken() throws Exception {
    ViewerTokenVerifier verifier = fileVerifier(rsa);
    JsonObject claims = TestIssuer.claims("v", Instant.now(), Duration.ofMinutes(5));
    claims.remove("aud");
    assertThat(invalid(verifier, rsa.sign(vertx, claims)).getMessage()).containsIgnoringCase("aud");
  }

  @Test
  void verify_noIssuer_invalidToken() throws Exception {
    ViewerTokenVerifier verifier = fileVerifier(rsa);
    JsonObject claims = TestIssuer.claims("v", Instant.now(), Duration.ofMinutes(5));
    claims.remove("iss");
    assertThat(invalid(verifier, rsa.sign(vertx, claims)).getMessage()).containsIgnoringCase("iss");
  }

  @Test
  void verify_wrongIssuer_invalidToken() throws Exception {
    ViewerTokenVerifier verifier = fileVerifier(rsa);
    JsonObject claims =
        TestIssuer.claims("v", Instant.now(), Duration.ofMinutes(5))
            .put("iss", "https://evil.test/");
    assertThat(invalid(verifier, rsa.sign(vertx, claims)).getMessage()).containsIgnoringCase("iss");
  }

  @Test
  void verify_noExp_invalidToken() throws Exception {
    ViewerTokenVerifier verifier = fileVerifier(rsa);
    JsonObject claims = TestIssuer.claims("v", Instant.now(), Duration.ofMinutes(5));
    claims.remove("exp");
    assertThat(invalid(verifier, rsa.sign(vertx, claims)).getMessage()).contains("exp");
  }

  @Test
  void verify_noSubject_invalidToken() throws Exception {
    ViewerTokenVerifier verifier = fileVerifier(rsa);
    JsonObject claims = TestIssuer.claims("v", Instant.now(), Duration.ofMinutes(5));
    claims.remove("sub");
    assertThat(invalid(verifier, rsa.sign(vertx, claims)).getMessage()).contains("'sub'");
  }

  @Test
  void verify_forgedWithAnotherKeyUnderTrustedKid_invalidToken() throws Exception {
    ViewerTokenVerifier verifier = fileVerifier(rsa);
    TestIssuer attacker = TestIssuer.rsa("attacker");
    String forged =
        attacker.sign(vertx, TestIssuer.claims("v", Instant.now(), Duration.ofMinutes(5)), "rsa-1");
    invalid(verifier, forged);
  }

  @Test
  void verify_tamperedPayload_invalidToken() throws Exception {
    ViewerTokenVerifier verifier = fileVerifier(rsa);
    String[] parts = rsa.token(vertx, "viewer-1").split("\\.");
    String payload =
        new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
            .replace("viewer-1", "viewer-9");
    String tampered =
        parts[0]
            + "."
            + Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(payload.getBytes(StandardCharsets.UTF_8))
            + "."
            + parts[2];
    invalid(verifier, tampered);
  }

  @Test
  void verify_algNoneOrHs256_refusedBeforeAnyKeyLookup() throws Exception {
    ViewerTokenVerifier verifier = fileVerifier(rsa);
    String claims =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(
                TestIssuer.claims("v", Instant.now(), Duration.ofMinutes(5))
                    .encode()
                    .getBytes(StandardCharsets.UTF_8));
    for (String alg : List.of("none", "HS256")) {
      String header =
          Base64.getUrlEncoder()
              .withoutPadding()
              .encodeToString(
                  ("{\"alg\":\"" + alg + "\",\"kid\":\"rsa-1\"}").getBytes(StandardCharsets.UTF_8));
      assertThat(invalid(verifier, header + "." + claims + ".c2ln").getMessage())
          .contains("unsupported alg");
    }
    assertThat(verifier.jwksFetchCount()).isZero();
  }

  @Test
  void verify_garbage_invalidToken() throws Exception {
    ViewerTokenVerifier verifier = fileVerifier(rsa);
    invalid(verifier, "not-a-jwt");
    invalid(verifier, "a.b.c");
    invalid(verifier, "%%%.e30.e30");
  }

  @Test
  void verify_emptyJwks_neverAcceptsAnything() throws Exception {
    ViewerTokenVerifier verifier = fileVerifier();
    invalid(verifier, rsa.token(vertx, "v"));
  }

  @Test
  void verify_unreadableJwks_failsAsServerProblemNotInvalidToken() {
    ViewerTokenVerifier verifier =
        ViewerTokenVerifier.create(
            vertx,
            EntitlementSettings.Jwt.of(
                dir.resolve("missing.json").toString(), TestIssuer.ISSUER, TestIssuer.AUDIENCE));
    assertThat(Await.failure(verifier.verify(rsa.token(vertx, "v"))))
        .isNotInstanceOf(InvalidTokenException.class);
  }

  /**
   * A JWKS rotation served over HTTP: the identity provider adds a key and starts signing with it.
   * The first token with the new kid triggers exactly one refetch; later ones are served from the
   * cache; a made-up kid refetches at most once per interval.
   */
  @Test
  void verify_jwksRotationOverHttp_newKidFetchedOnceThenCached() throws Exception {
    TestIssuer oldKey = TestIssuer.rsa("2026-11-a");
    TestIssuer newKey = TestIssuer.ec("2026-11-b");
    List<JsonObject> published = new CopyOnWriteArrayList<>(List.of(oldKey.jwk()));
    AtomicInteger fetches = new AtomicInteger();
    HttpServer idp = serveJwks(published, fetches, /* delayMs= */ 0);
    try {
      String url = "http://127.0.0.1:" + idp.actualPort() + "/.well-known/jwks.json";
      MutableClock clock = new MutableClock(Instant.parse("2026-11-21T03:00:00Z"));
      ViewerTokenVerifier verifier = httpVerifier(url, Duration.ofSeconds(30), clock);

      for (int i = 0; i < 3; i++) {
        assertThat(Await.result(verifier.verify(oldKey.token(vertx, "v" + i))).subject())
            .isEqualTo("v" + i);
      }
      assertThat(fetches.get()).isEqualTo(1);

      clock.advance(Duration.ofMinutes(5)); // later on, the provider rotates:
      published.add(newKey.jwk()); // the new key is published, then used
      for (int i = 0; i < 3; i++) {
        assertThat(Await.result(verifier.verify(newKey.token(vertx, "n" + i))).subject())
            .isEqualTo("n" + i);
      }
      assertThat(fetches.get()).isEqualTo(2);
      assertThat(Await.result(verifier.verify(oldKey.token(vertx, "still"))).subject())
          .isEqualTo("still");
      assertThat(fetches.get()).isEqualTo(2);

      // A made-up kid: the refetch budget was spent by the rotation, so no more fetches...
      TestIssuer stranger = TestIssuer.ec("made-up");
      for (int i = 0; i < 5; i++) {
        assertThat(invalid(verifier, stranger.token(vertx, "x")).getMessage()).contains("kid");
      }
      assertThat(fetches.get()).isEqualTo(2);
      // ...until the interval has passed: then one more fetch, however many tokens arrive.
      clock.advance(Duration.ofSeconds(31));
      for (int i = 0; i < 5; i++) {
        invalid(verifier, stranger.token(vertx, "x"));
      }
      assertThat(fetches.get()).isEqualTo(3);
      assertThat(verifier.jwksFetchCount()).isEqualTo(3);
      // The cache TTL (10 min) passes: the next verification refreshes the set once.
      clock.advance(Duration.ofMinutes(11));
      assertThat(Await.result(verifier.verify(newKey.token(vertx, "late"))).subject())
          .isEqualTo("late");
      assertThat(Await.result(verifier.verify(newKey.token(vertx, "later"))).subject())
          .isEqualTo("later");
      assertThat(fetches.get()).isEqualTo(4);
    } finally {
      Await.result(idp.close());
    }
  }

  @Test
  void verify_unknownKidAfterInterval_refetchedOnceAndConcurrentMissesShareIt() throws Exception {
    TestIssuer first = TestIssuer.ec("k1");
    TestIssuer second = TestIssuer.ec("k2");
    List<JsonObject> published = new CopyOnWriteArrayList<>(List.of(first.jwk()));
    AtomicInteger fetches = new AtomicInteger();
    // slow enough that concurrent verifications overlap the refetch
    HttpServer idp = serveJwks(published, fetches, /* delayMs= */ 100);
    try {
      String url = "http://127.0.0.1:" + idp.actualPort() + "/jwks";
      ViewerTokenVerifier verifier = httpVerifier(url, Duration.ZERO, Clock.systemUTC());
      Await.result(verifier.preload());
      assertThat(fetches.get()).isEqualTo(1);

      published.add(second.jwk());
      List<io.vertx.core.Future<ViewerClaims>> concurrent = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        concurrent.add(verifier.verify(second.token(vertx, "c" + i)));
      }
      for (int i = 0; i < 8; i++) {
        assertThat(Await.result(concurrent.get(i)).subject()).isEqualTo("c" + i);
      }
      assertThat(fetches.get()).isEqualTo(2);
    } finally {
      Await.result(idp.close());
    }
  }

  /** A verifier reading {@code issuers}' keys from a file: 30 s leeway, cache TTL {@code ttl}. */
  private ViewerTokenVerifier fileVerifier(Clock clock, Duration ttl, TestIssuer... issuers)
      throws Exception {
    List<JsonObject> keys = new ArrayList<>();
    for (TestIssuer issuer : issuers) {
      keys.add(issuer.jwk());
    }
    Path jwks = dir.resolve("jwks.json");
    Files.writeString(jwks, Jwks.keySet(keys).encode(), StandardCharsets.UTF_8);
    return new ViewerTokenVerifier(
        vertx,
        new EntitlementSettings.Jwt(
            jwks.toString(),
            TestIssuer.ISSUER,
            TestIssuer.AUDIENCE,
            Duration.ofSeconds(30),
            EntitlementSettings.Claims.DEFAULTS,
            ttl,
            Duration.ofSeconds(30)),
        JwksSource.of(vertx, jwks.toString()),
        clock);
  }

  /**
   * Called on an event loop, the signature check runs on a worker: while it is held, the same event
   * loop still runs the next task queued on it, and the result arrives back on the caller's
   * context.
   */
  @Test
  void verify_calledOnEventLoop_signatureCheckedOnWorkerWhileLoopRuns() throws Exception {
    ViewerTokenVerifier verifier = fileVerifier(rsa);
    Await.result(verifier.preload());
    String token = rsa.token(vertx, "worker");
    CountDownLatch release = new CountDownLatch(1);
    AtomicReference<Boolean> checkedOnEventLoop = new AtomicReference<>();
    verifier.onVerification(
        () -> {
          checkedOnEventLoop.set(Context.isOnEventLoopThread());
          try {
            release.await(10, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
    Context context = vertx.getOrCreateContext();
    assertThat(context.isEventLoopContext()).isTrue();
    Promise<ViewerClaims> result = Promise.promise();
    AtomicReference<Context> resumedOn = new AtomicReference<>();
    CompletableFuture<Void> loopRanNextTask = new CompletableFuture<>();
    context.runOnContext(
        v -> {
          verifier
              .verify(token)
              .onComplete(
                  ar -> {
                    resumedOn.set(Vertx.currentContext());
                    result.handle(ar);
                  });
          context.runOnContext(next -> loopRanNextTask.complete(null));
        });

    loopRanNextTask.get(10, TimeUnit.SECONDS);
    assertThat(release.getCount()).as("the verification is still held").isEqualTo(1);
    release.countDown();
    assertThat(Await.result(result.future()).subject()).isEqualTo("worker");
    assertThat(checkedOnEventLoop.get()).isFalse();
    assertThat(resumedOn.get()).isSameAs(context);
    assertThat(verifier.verificationCount()).isEqualTo(1);
  }

  @Test
  void verify_sameTokenAgain_servedFromCacheButFailuresAlwaysRechecked() throws Exception {
    ViewerTokenVerifier verifier = fileVerifier(rsa);
    String token = rsa.token(vertx, "cached");
    for (int i = 0; i < 5; i++) {
      assertThat(Await.result(verifier.verify(token)).subject()).isEqualTo("cached");
    }
    assertThat(verifier.verificationCount()).isEqualTo(1);

    Await.result(verifier.verify(rsa.token(vertx, "other")));
    assertThat(verifier.verificationCount()).isEqualTo(2);

    // A trusted kid and a real signature, but over another payload: fails the signature check.
    String[] signed = rsa.token(vertx, "a").split("\\.");
    String[] spliced = rsa.token(vertx, "b").split("\\.");
    String forged = signed[0] + "." + spliced[1] + "." + signed[2];
    invalid(verifier, forged);
    invalid(verifier, forged);
    assertThat(verifier.verificationCount()).isEqualTo(4);
  }

  /**
   * A cached token is honoured until its {@code exp}; within the leeway it is verified again (and
   * accepted), past {@code exp} + leeway it is refused, by this verifier's clock.
   */
  @Test
  void verify_cachedTokenPastExp_refused() throws Exception {
    MutableClock clock = new MutableClock(Instant.now());
    ViewerTokenVerifier verifier = fileVerifier(clock, Duration.ofMinutes(10), rsa);
    String token = rsa.sign(vertx, TestIssuer.claims("v", clock.instant(), Duration.ofSeconds(60)));
    Await.result(verifier.verify(token));
    clock.advance(Duration.ofSeconds(55));
    Await.result(verifier.verify(token));
    assertThat(verifier.verificationCount()).isEqualTo(1);

    clock.advance(Duration.ofSeconds(15)); // exp + 10 s: inside the 30 s leeway
    assertThat(Await.result(verifier.verify(token)).subject()).isEqualTo("v");
    assertThat(verifier.verificationCount()).isEqualTo(2);

    clock.advance(Duration.ofSeconds(25)); // exp + 35 s
    assertThat(invalid(verifier, token).getMessage()).contains("expired");
  }

  @Test
  void verify_cachedTokenLongerThanJwksTtl_verifiedAgainAfterTtl() throws Exception {
    MutableClock clock = new MutableClock(Instant.now());
    ViewerTokenVerifier verifier = fileVerifier(clock, Duration.ofMinutes(1), rsa);
    String token = rsa.sign(vertx, TestIssuer.claims("v", clock.instant(), Duration.ofHours(1)));
    Await.result(verifier.verify(token));
    clock.advance(Duration.ofSeconds(50));
    Await.result(verifier.verify(token));
    assertThat(verifier.verificationCount()).isEqualTo(1);
    clock.advance(Duration.ofSeconds(20));
    Await.result(verifier.verify(token));
    assertThat(verifier.verificationCount()).isEqualTo(2);
    assertThat(verifier.jwksFetchCount()).isEqualTo(2);
  }

  /** A refetched JWKS that no longer holds a key drops the tokens cached under it. */
  @Test
  void verify_keyWithdrawnOnRefetch_cachedTokenNoLongerHonoured() throws Exception {
    TestIssuer withdrawn = TestIssuer.ec("old");
    TestIssuer next = TestIssuer.ec("new");
    List<JsonObject> published = new CopyOnWriteArrayList<>(List.of(withdrawn.jwk()));
    AtomicInteger fetches = new AtomicInteger();
    HttpServer idp = serveJwks(published, fetches, /* delayMs= */ 0);
    try {
      String url = "http://127.0.0.1:" + idp.actualPort() + "/jwks";
      ViewerTokenVerifier verifier = httpVerifier(url, Duration.ZERO, Clock.systemUTC());
      String token = withdrawn.token(vertx, "v");
      Await.result(verifier.verify(token));
      Await.result(verifier.verify(token));
      assertThat(verifier.verificationCount()).isEqualTo(1);

      published.clear();
      published.add(next.jwk());
      Await.result(verifier.verify(next.token(vertx, "n"))); // unknown kid: refetch
      assertThat(invalid(verifier, token).getMessage()).contains("kid");
    } finally {
      Await.result(idp.close());
    }
  }

  /**
   * The first JWKS fetch completing while callers keep arriving: each sees the fetch in flight or
   * the keys, never neither (which failed as "JWKS unavailable", a 503 at /play). Then 50 first
   * requests at once on a fresh verifier all succeed, on one fetch.
   */
  @Test
  void keySet_callersDuringFirstFetchCompletion_neverSeeNeither() throws Exception {
    JsonObject jwks = Jwks.keySet(List.of(rsa.jwk()));
    for (int round = 0; round < 20; round++) {
      Promise<JsonObject> document = Promise.promise();
      ViewerTokenVerifier verifier =
          new ViewerTokenVerifier(
              vertx,
              EntitlementSettings.Jwt.of("test:jwks", TestIssuer.ISSUER, TestIssuer.AUDIENCE),
              new JwksSource() {
                @Override
                public Future<JsonObject> fetch() {
                  return document.future();
                }

                @Override
                public String describe() {
                  return "test:jwks";
                }
              },
              Clock.systemUTC());
      AtomicBoolean stop = new AtomicBoolean();
      AtomicInteger failures = new AtomicInteger();
      AtomicInteger calls = new AtomicInteger();
      List<Thread> callers = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        Thread caller =
            new Thread(
                () -> {
                  List<Future<Void>> pending = new ArrayList<>();
                  while (!stop.get()) {
                    pending.add(verifier.preload());
                    calls.incrementAndGet();
                  }
                  for (Future<Void> f : pending) {
                    try {
                      f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
                    } catch (Exception e) {
                      failures.incrementAndGet();
                    }
                  }
                });
        caller.start();
        callers.add(caller);
      }
      while (calls.get() < 100) {
        Thread.onSpinWait();
      }
      document.complete(jwks);
      int atCompletion = calls.get();
      while (calls.get() < atCompletion + 200) {
        Thread.onSpinWait();
      }
      stop.set(true);
      for (Thread caller : callers) {
        caller.join(10_000);
      }
      assertThat(failures.get()).as("round %d", round).isZero();
      assertThat(verifier.jwksFetchCount()).isEqualTo(1);
    }

    List<JsonObject> published = List.of(rsa.jwk());
    AtomicInteger fetches = new AtomicInteger();
    HttpServer idp = serveJwks(published, fetches, /* delayMs= */ 20);
    try {
      String url = "http://127.0.0.1:" + idp.actualPort() + "/jwks";
      ViewerTokenVerifier fresh = httpVerifier(url, Duration.ofSeconds(30), Clock.systemUTC());
      List<String> tokens = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        tokens.add(rsa.token(vertx, "first-" + i));
      }
      List<Future<ViewerClaims>> first = new ArrayList<>();
      for (String token : tokens) {
        first.add(fresh.verify(token));
      }
      for (int i = 0; i < 50; i++) {
        assertThat(Await.result(first.get(i)).subject()).isEqualTo("first-" + i);
      }
      assertThat(fetches.get()).isEqualTo(1);
    } finally {
      Await.result(idp.close());
    }
  }
}
