package dev.prism.entitlement.http;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.prism.entitlement.signing.CloudCdnKeys;
import dev.prism.entitlement.signing.CloudCdnVerifier;
import dev.prism.entitlement.signing.CloudFrontBase64;
import dev.prism.entitlement.signing.CloudFrontVerifier;
import dev.prism.entitlement.signing.DenialReason;
import dev.prism.entitlement.signing.GrantSigner;
import dev.prism.entitlement.signing.IpRange;
import dev.prism.entitlement.signing.KeyGroup;
import dev.prism.entitlement.signing.SigningKeys;
import dev.prism.entitlement.signing.Verdict;
import dev.prism.entitlement.signing.VerdictCache;
import dev.prism.entitlement.signing.ViewerRequest;
import dev.prism.entitlement.viewer.CdnTrust;
import dev.prism.store.FileBlobStore;
import dev.prism.store.contract.AssetKeys;
import dev.prism.store.contract.AssetRecord;
import dev.prism.store.contract.AssetRecord.Countries;
import dev.prism.store.contract.AssetRecord.Policy;
import dev.prism.store.contract.AssetRecord.State;
import dev.prism.store.contract.ContractJson;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.cloudfront.internal.utils.SigningUtils;

/** POST /play over real HTTP: a Vert.x server on 127.0.0.1, a real folder store, real keys. */
class PlayHandlerTest {
  private static final String CDN = "https://d111111abcdef8.cloudfront.net";
  private static final String KEY_PAIR_ID = "K2JCJMDEHXQW5F";
  private static final String CDN_KEY_TEXT = "nZtRohdNF9m3cKM24IcK4w==";
  private static final Instant START = Instant.parse("2026-11-21T03:00:00Z");
  private static final String SECRET_HEADER = "X-Origin-Secret";
  private static final String ORIGIN_SECRET = "only-the-cdn-knows-this-0123";

  private static Vertx vertx;
  private static KeyPair cloudFrontKeys;
  private static TestIssuer issuer;

  @TempDir static Path shared;
  @TempDir Path dir;

  private final HttpClient http = HttpClient.newHttpClient();
  private final List<HttpServer> servers = new ArrayList<>();
  private final ListAppender<ILoggingEvent> auditLines = new ListAppender<>();
  private FileBlobStore store;
  private MintFiles files;
  private Path privateKeyFile;

  @BeforeAll
  static void keys() {
    vertx = Vertx.vertx();
    cloudFrontKeys = SigningKeys.generate(SigningKeys.KeyAlgorithm.RSA_2048);
    issuer = TestIssuer.ec("idp-1");
  }

  @AfterAll
  static void stopVertx() {
    Await.result(vertx.close());
  }

  @BeforeEach
  void setUp() throws Exception {
    store = new FileBlobStore(dir.resolve("store"));
    files = MintFiles.write(dir, cloudFrontKeys, issuer);
    privateKeyFile = files.privateKeyFile();
    putAsset(new AssetRecord("bbb", "Big Buck Bunny", "v1", State.PUBLISHED, Policy.OPEN));
    putAsset(new AssetRecord("other", "Other", "v1", State.PUBLISHED, Policy.OPEN));
    auditLines.start();
    ((Logger) LoggerFactory.getLogger(AuditLog.LOGGER)).addAppender(auditLines);
  }

  @AfterEach
  void tearDown() {
    ((Logger) LoggerFactory.getLogger(AuditLog.LOGGER)).detachAppender(auditLines);
    for (HttpServer server : servers) {
      Await.result(server.close());
    }
    store.close();
  }

  private void putAsset(AssetRecord asset) {
    store.write(AssetKeys.assetJson(asset.assetId()), ContractJson.write(asset)).join();
  }

  private EntitlementSettings settings() {
    return files
        .settings(CDN, KEY_PAIR_ID)
        .withRateLimit(EntitlementSettings.RateLimit.OFF)
        // The test client plays the one trusted proxy: with trustedProxies 1 the viewer is the
        // rightmost X-Forwarded-For entry, the one that proxy appended, and its loopback address
        // is a trusted peer, so the headers it writes are believed.
        .withViewerIp(new EntitlementSettings.ViewerIp("X-Forwarded-For", 1))
        .withCdnTrust(
            CdnTrust.of(SECRET_HEADER, List.of(), List.of(IpRange.parse("127.0.0.1/32"))));
  }

  /**
   * The deployment of the README: the CDN adds the origin secret, and no peer is trusted, so a
   * viewer who reaches {@code /play} directly is not believed when it writes CDN headers.
   */
  private EntitlementSettings behindCdnSettings() {
    return settings().withCdnTrust(CdnTrust.of(SECRET_HEADER, List.of(ORIGIN_SECRET), List.of()));
  }

  /** Starts a server with {@code settings} and the real PEM-file signer; returns its base URL. */
  private String start(EntitlementSettings settings, Clock clock) throws Exception {
    GrantSigner signer =
        EntitlementRoutes.cloudFrontSigner(KEY_PAIR_ID, PrivateKeySource.pemFile(privateKeyFile));
    return serve(EntitlementRoutes.createHandler(vertx, store, settings, signer, clock));
  }

  /** Serves {@code handler} on {@code POST /play/:assetId}; returns the base URL. */
  private String serve(PlayHandler handler) {
    Router router = Router.router(vertx);
    EntitlementRoutes.mount(router, handler);
    HttpServer server =
        Await.result(vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1"));
    servers.add(server);
    return "http://127.0.0.1:" + server.actualPort();
  }

  private String start(EntitlementSettings settings) throws Exception {
    return start(settings, Clock.systemUTC());
  }

  private HttpResponse<String> play(String base, String assetId, String token, String... headers)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + "/play/" + assetId))
            .POST(HttpRequest.BodyPublishers.noBody())
            .header("X-Forwarded-For", "203.0.113.7");
    if (!token.isEmpty()) {
      request.header("Authorization", "Bearer " + token);
    }
    for (int i = 0; i < headers.length; i += 2) {
      request.setHeader(headers[i], headers[i + 1]);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private String token(String subject) {
    return issuer.token(vertx, subject);
  }

  private static Map<String, String> cookieValues(HttpResponse<?> response) {
    Map<String, String> values = new LinkedHashMap<>();
    for (String header : response.headers().allValues("set-cookie")) {
      String pair = header.split(";", 2)[0];
      int eq = pair.indexOf('=');
      values.put(pair.substring(0, eq), pair.substring(eq + 1));
    }
    return values;
  }

  private static String policyOf(Map<String, String> cookies) {
    return new String(
        CloudFrontBase64.decode(cookies.get("CloudFront-Policy")), StandardCharsets.UTF_8);
  }

  private List<JsonObject> audit() {
    return auditLines.list.stream().map(e -> new JsonObject(e.getFormattedMessage())).toList();
  }

  private static JsonObject json(HttpResponse<String> response) {
    return new JsonObject(response.body());
  }

  @Test
  void play_cloudCdnSigningKey_mintsCloudCdnCookieForThisAssetOnly() throws Exception {
    Path keyFile = dir.resolve("prism-key-1.b64");
    Files.writeString(keyFile, CDN_KEY_TEXT + "\n");
    EntitlementSettings cdnSettings =
        settings()
            .withSigningKey(EntitlementSettings.SigningKey.cloudCdn("prism-key-1", keyFile))
            .withCookieTtl(Duration.ofMinutes(2));
    String base = serve(EntitlementRoutes.createHandler(vertx, store, cdnSettings));

    HttpResponse<String> response = play(base, "bbb", token("viewer-1"));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().allValues("set-cookie"))
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .startsWith("Cloud-CDN-Cookie=URLPrefix=")
        .contains("; Path=/v1/bbb/", "; Secure", "; HTTPOnly", "; SameSite=Lax");
    String cookie = cookieValues(response).get("Cloud-CDN-Cookie");
    assertThat(cookie).contains(":KeyName=prism-key-1:Signature=");
    CloudCdnVerifier gate =
        new CloudCdnVerifier(
            CloudCdnKeys.of(Map.of("prism-key-1", CloudCdnKeys.decodeKey(CDN_KEY_TEXT))));
    Instant now = Instant.now();
    Map<String, String> cookies = Map.of("Cloud-CDN-Cookie", cookie);
    Verdict own =
        gate.verifyRequest(gateRequest("/v1/bbb/v1/video/2000/1.m4s", null), cookies, now);
    assertThat(own.isGranted()).isTrue();
    assertThat(own.expiry().orElseThrow()).isBetween(now.plusSeconds(100), now.plusSeconds(121));
    assertThat(
            gate.verifyRequest(gateRequest("/v1/other/hls/index.m3u8", null), cookies, now)
                .reason())
        .hasValue(DenialReason.RESOURCE_MISMATCH);
    JsonObject body = json(response);
    assertThat(body.getString("signedQuery"))
        .startsWith("URLPrefix=")
        .contains("&KeyName=prism-key-1&Signature=");
    assertThat(
            gate.verifyRequest(
                    gateRequest("/v1/bbb/hls/index.m3u8", body.getString("signedQuery")),
                    Map.of(),
                    now)
                .isGranted())
        .isTrue();
  }

  @Test
  void settings_cloudCdnKeyWithIpBinding_refused() {
    EntitlementSettings.SigningKey cdnKey =
        EntitlementSettings.SigningKey.cloudCdn("prism-key-1", dir.resolve("k.b64"));
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> settings().withIpBinding(true).withSigningKey(cdnKey))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ipBinding");
  }

  private static ViewerRequest gateRequest(String path, @Nullable String query) {
    return new ViewerRequest(List.of(CDN), path, query, null);
  }

  @Test
  void play_entitledViewer_mintsPathScopedSessionCookiesAndPlaybackUrls() throws Exception {
    String base =
        start(
            settings()
                .withCookie(
                    new EntitlementSettings.Cookie(
                        null, true, true, EntitlementSettings.SameSite.LAX)));

    HttpResponse<String> response = play(base, "bbb", token("viewer-1"));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
    assertThat(response.headers().firstValue("cache-control")).hasValue("no-store");
    List<String> setCookies = response.headers().allValues("set-cookie");
    assertThat(setCookies).hasSize(3);
    for (String header : setCookies) {
      assertThat(header)
          .endsWith("; Path=/v1/bbb/; Secure; HTTPOnly; SameSite=Lax") // session cookie
          .doesNotContainIgnoringCase("Domain=")
          .doesNotContainIgnoringCase("Max-Age")
          .doesNotContainIgnoringCase("Expires=");
    }
    assertThat(setCookies)
        .contains(
            "CloudFront-Key-Pair-Id="
                + KEY_PAIR_ID
                + "; Path=/v1/bbb/; Secure; HTTPOnly; SameSite=Lax");
    Map<String, String> cookies = cookieValues(response);
    assertThat(cookies.keySet())
        .containsExactlyInAnyOrder(
            "CloudFront-Policy", "CloudFront-Signature", "CloudFront-Key-Pair-Id");
    assertThat(cookies.get("CloudFront-Key-Pair-Id")).isEqualTo(KEY_PAIR_ID);

    JsonObject body = json(response);
    assertThat(body.getString("assetId")).isEqualTo("bbb");
    assertThat(body.getString("hls")).isEqualTo(CDN + "/v1/bbb/hls/index.m3u8");
    assertThat(body.getString("dash")).isEqualTo(CDN + "/v1/bbb/dash/index.mpd");
    long expires = body.getLong("expiresEpochSeconds");
    assertThat(Instant.parse(body.getString("expiresAt")).getEpochSecond()).isEqualTo(expires);
    assertThat(expires - Instant.now().getEpochSecond()).isBetween(290L, 301L); // 5 min TTL
    assertThat(body.getString("signedQuery"))
        .isEqualTo(
            "Policy="
                + cookies.get("CloudFront-Policy")
                + "&Signature="
                + cookies.get("CloudFront-Signature")
                + "&Key-Pair-Id="
                + KEY_PAIR_ID);

    JsonObject policy =
        new JsonObject(
            new String(
                CloudFrontBase64.decode(cookies.get("CloudFront-Policy")), StandardCharsets.UTF_8));
    JsonObject statement = policy.getJsonArray("Statement").getJsonObject(0);
    assertThat(statement.getString("Resource")).isEqualTo(CDN + "/v1/bbb/*");
    assertThat(
            statement
                .getJsonObject("Condition")
                .getJsonObject("DateLessThan")
                .getLong("AWS:EpochTime"))
        .isEqualTo(expires);
    assertThat(statement.getJsonObject("Condition").containsKey("IpAddress")).isFalse();
  }

  @Test
  void play_mintedSignature_verifiedByJcaAndIdenticalToAwsSdkRsaSha1() throws Exception {
    String base = start(settings());
    Map<String, String> cookies = cookieValues(play(base, "bbb", token("viewer-1")));
    byte[] policyBytes = CloudFrontBase64.decode(cookies.get("CloudFront-Policy"));
    byte[] signature = CloudFrontBase64.decode(cookies.get("CloudFront-Signature"));

    // The JCA, independently: SHA1withRSA over the exact policy bytes, with the public key.
    Signature jca = Signature.getInstance("SHA1withRSA");
    jca.initVerify(cloudFrontKeys.getPublic());
    jca.update(policyBytes);
    assertThat(jca.verify(signature)).isTrue();

    // The AWS SDK for Java v2's CloudFront signing, given the same policy: the same bytes
    // (RSA PKCS#1 v1.5 is deterministic).
    assertThat(SigningUtils.sign(policyBytes, cloudFrontKeys.getPrivate(), "SHA1withRSA"))
        .isEqualTo(signature);
  }

  @Test
  void play_mintedCookies_acceptedByTheGateVerifierForThisAssetOnly() throws Exception {
    String base = start(settings());
    HttpResponse<String> response = play(base, "bbb", token("viewer-1"));
    Map<String, String> cookies = cookieValues(response);
    CloudFrontVerifier gate =
        new CloudFrontVerifier(
            KeyGroup.of(Map.of(KEY_PAIR_ID, cloudFrontKeys.getPublic())), VerdictCache.disabled());
    Instant now = Instant.now();

    for (String path :
        List.of(
            "/v1/bbb/hls/index.m3u8",
            "/v1/bbb/dash/index.mpd",
            "/v1/bbb/v1/video-480/2000/7.m4s")) {
      Verdict verdict =
          gate.verifyRequest(new ViewerRequest(List.of(CDN), path, null, null), cookies, now);
      assertThat(verdict.isGranted()).as(path).isTrue();
    }
    // The grant for asset bbb does not open asset other.
    assertThat(
            gate.verifyRequest(
                    new ViewerRequest(List.of(CDN), "/v1/other/hls/index.m3u8", null, null),
                    cookies,
                    now)
                .isGranted())
        .isFalse();
    // Nor does it outlive its expiry.
    Instant after = Instant.ofEpochSecond(json(response).getLong("expiresEpochSeconds"));
    assertThat(
            gate.verifyRequest(
                    new ViewerRequest(List.of(CDN), "/v1/bbb/hls/index.m3u8", null, null),
                    cookies,
                    after)
                .isGranted())
        .isFalse();
  }

  @Test
  void play_ipBindingOn_policyCarriesViewerIpAndGateChecksIt() throws Exception {
    String base = start(settings().withIpBinding(true));
    Map<String, String> cookies =
        cookieValues(play(base, "bbb", token("viewer-1"), "X-Forwarded-For", "198.51.100.23"));
    String policy =
        new String(
            CloudFrontBase64.decode(cookies.get("CloudFront-Policy")), StandardCharsets.UTF_8);
    assertThat(policy).contains("\"AWS:SourceIp\"").contains("198.51.100.23/32");

    CloudFrontVerifier gate =
        new CloudFrontVerifier(
            KeyGroup.of(Map.of(KEY_PAIR_ID, cloudFrontKeys.getPublic())), VerdictCache.disabled());
    String path = "/v1/bbb/hls/index.m3u8";
    assertThat(
            gate.verifyRequest(
                    new ViewerRequest(
                        List.of(CDN), path, null, InetAddress.getByName("198.51.100.23")),
                    cookies,
                    Instant.now())
                .isGranted())
        .isTrue();
    assertThat(
            gate.verifyRequest(
                    new ViewerRequest(
                        List.of(CDN), path, null, InetAddress.getByName("198.51.100.24")),
                    cookies,
                    Instant.now())
                .isGranted())
        .isFalse();
  }

  @Test
  void play_ipBindingIpv6Viewer_403NotIpv4NeverAnUnboundGrant() throws Exception {
    String base = start(settings().withIpBinding(true));
    assertForbidden(
        play(base, "bbb", token("viewer-1"), "X-Forwarded-For", "2001:db8::23"),
        "viewer_ip_not_ipv4");
    assertThat(audit().get(0).getString("reason")).isEqualTo("viewer_ip_not_ipv4");
  }

  @Test
  void play_cookieSettings_domainSameSiteAndInsecureForThePlainHttpDemo() throws Exception {
    String base =
        start(
            settings()
                .withCookie(
                    new EntitlementSettings.Cookie(
                        ".example.com", false, true, EntitlementSettings.SameSite.STRICT)));
    for (String header : play(base, "bbb", token("viewer-1")).headers().allValues("set-cookie")) {
      assertThat(header)
          .endsWith("; Path=/v1/bbb/; Domain=.example.com; HTTPOnly; SameSite=Strict");
    }
  }

  @Test
  void play_ecdsaSigningKey_signatureVerifiesWithSha1withEcdsa() throws Exception {
    KeyPair ec = SigningKeys.generate(SigningKeys.KeyAlgorithm.ECDSA_P256);
    Files.delete(privateKeyFile);
    SigningKeys.writePrivateKeyPem(ec.getPrivate(), privateKeyFile);
    String base = start(settings());
    Map<String, String> cookies = cookieValues(play(base, "bbb", token("viewer-1")));
    Signature jca = Signature.getInstance("SHA1withECDSA");
    jca.initVerify(ec.getPublic());
    jca.update(CloudFrontBase64.decode(cookies.get("CloudFront-Policy")));
    assertThat(jca.verify(CloudFrontBase64.decode(cookies.get("CloudFront-Signature")))).isTrue();
  }

  @Test
  void play_noToken_401WithBearerChallengeWithoutErrorCode() throws Exception {
    String base = start(settings());
    HttpResponse<String> response = play(base, "bbb", "");
    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("www-authenticate"))
        .hasValue("Bearer realm=\"prism\"");
    assertThat(json(response).getString("reason")).isEqualTo("missing_token");
    assertThat(response.headers().allValues("set-cookie")).isEmpty();
    HttpResponse<String> basic = play(base, "bbb", "", "Authorization", "Basic dXNlcjpwYXNz");
    assertThat(basic.statusCode()).isEqualTo(401);
  }

  @Test
  void play_expiredForgedOrWrongAudienceToken_401InvalidToken() throws Exception {
    String base = start(settings());
    Instant now = Instant.now();
    String expired =
        issuer.sign(vertx, TestIssuer.claims("v", now.minusSeconds(7200), Duration.ofMinutes(10)));
    String forged =
        TestIssuer.ec("attacker")
            .sign(vertx, TestIssuer.claims("v", now, Duration.ofMinutes(10)), issuer.kid);
    String wrongAudience =
        issuer.sign(vertx, TestIssuer.claims("v", now, Duration.ofMinutes(10)).put("aud", "other"));
    for (String token : List.of(expired, forged, wrongAudience, "garbage")) {
      HttpResponse<String> response = play(base, "bbb", token);
      assertThat(response.statusCode()).isEqualTo(401);
      assertThat(response.headers().firstValue("www-authenticate"))
          .hasValue("Bearer realm=\"prism\", error=\"invalid_token\"");
      assertThat(json(response))
          .isEqualTo(new JsonObject().put("error", "unauthorized").put("reason", "invalid_token"));
      assertThat(response.headers().allValues("set-cookie")).isEmpty();
    }
    assertThat(audit())
        .hasSize(4)
        .allMatch(line -> line.getString("decision").equals("unauthenticated"));
  }

  @Test
  void play_inactiveSubscription_403SubscriptionInactive() throws Exception {
    String base = start(settings());
    String lapsed =
        issuer.sign(
            vertx,
            TestIssuer.claims("v", Instant.now(), Duration.ofMinutes(10))
                .put("subscription", "canceled"));
    assertForbidden(play(base, "bbb", lapsed), "subscription_inactive");
  }

  @Test
  void play_planNotInPolicy_403PlanNotEntitled() throws Exception {
    putAsset(
        new AssetRecord(
            "bbb",
            "",
            "v1",
            State.PUBLISHED,
            new Policy(List.of("premium"), null, null, Countries.EVERYWHERE)));
    String base = start(settings());
    assertForbidden(play(base, "bbb", token("viewer-1")), "plan_not_entitled");
  }

  @Test
  void play_countryFromTrustedHeaderDenied_403GeoBlocked() throws Exception {
    putAsset(
        new AssetRecord(
            "bbb",
            "",
            "v1",
            State.PUBLISHED,
            new Policy(List.of(), null, null, new Countries(List.of(), List.of("FR")))));
    String base = start(settings());
    assertForbidden(
        play(base, "bbb", token("viewer-1"), "CloudFront-Viewer-Country", "FR"), "geo_blocked");
    assertThat(play(base, "bbb", token("viewer-1"), "CloudFront-Viewer-Country", "DE").statusCode())
        .isEqualTo(200);
    // No header: fail closed, and say why.
    assertForbidden(play(base, "bbb", token("viewer-1")), "country_unknown");
    JsonObject last = audit().get(audit().size() - 1);
    assertThat(last.getString("country")).isNull();
    assertThat(audit().get(0).getString("country")).isEqualTo("FR");
  }

  @Test
  void play_countryHeaderWithoutOriginSecret_notBelieved_403CountryUnknown() throws Exception {
    putAsset(
        new AssetRecord(
            "bbb",
            "",
            "v1",
            State.PUBLISHED,
            new Policy(List.of(), null, null, new Countries(List.of(), List.of("FR")))));
    String base = start(behindCdnSettings());
    // A viewer in FR calling /play directly writes the CDN's header itself: not believed.
    assertForbidden(
        play(base, "bbb", token("viewer-1"), "CloudFront-Viewer-Country", "DE"), "country_unknown");
    assertForbidden(
        play(
            base,
            "bbb",
            token("viewer-1"),
            "CloudFront-Viewer-Country",
            "DE",
            SECRET_HEADER,
            "a-guess-at-the-secret-0123"),
        "country_unknown");
    assertThat(audit().get(0).getString("country")).isNull();
    // Through the CDN (the secret present) the header is the CDN's own, and counts both ways.
    assertThat(
            play(
                    base,
                    "bbb",
                    token("viewer-1"),
                    "CloudFront-Viewer-Country",
                    "DE",
                    SECRET_HEADER,
                    ORIGIN_SECRET)
                .statusCode())
        .isEqualTo(200);
    assertForbidden(
        play(
            base,
            "bbb",
            token("viewer-1"),
            "CloudFront-Viewer-Country",
            "FR",
            SECRET_HEADER,
            ORIGIN_SECRET),
        "geo_blocked");
  }

  @Test
  void play_viewerAddressWithoutOriginSecret_notBelieved_rotatingItSharesThePeersLimit()
      throws Exception {
    String base =
        start(
            behindCdnSettings()
                .withRateLimit(
                    new EntitlementSettings.RateLimit(
                        EntitlementSettings.Limit.OFF,
                        new EntitlementSettings.Limit(2, Duration.ofMinutes(1)))));
    // Rotating the address header does not buy a fresh bucket: all share the TCP peer's.
    assertThat(play(base, "bbb", token("v"), "X-Forwarded-For", "192.0.2.1").statusCode())
        .isEqualTo(200);
    assertThat(play(base, "bbb", token("v"), "X-Forwarded-For", "192.0.2.2").statusCode())
        .isEqualTo(200);
    assertThat(play(base, "bbb", token("v"), "X-Forwarded-For", "192.0.2.3").statusCode())
        .isEqualTo(429);
    assertThat(audit().get(0).getString("ip")).isEqualTo("unknown");
    // Through the CDN the address is believed and limited on its own bucket.
    assertThat(
            play(
                    base,
                    "bbb",
                    token("v"),
                    "X-Forwarded-For",
                    "192.0.2.4",
                    SECRET_HEADER,
                    ORIGIN_SECRET)
                .statusCode())
        .isEqualTo(200);
    assertThat(audit().get(audit().size() - 1).getString("ip")).isEqualTo("192.0.2.4");
  }

  @Test
  void play_ipBindingWithoutOriginSecret_addressNotBelieved_403ViewerIpUnknown() throws Exception {
    String base = start(behindCdnSettings().withIpBinding(true));
    assertForbidden(
        play(base, "bbb", token("viewer-1"), "X-Forwarded-For", "198.51.100.23"),
        "viewer_ip_unknown");
    assertThat(
            policyOf(
                cookieValues(
                    play(
                        base,
                        "bbb",
                        token("viewer-1"),
                        "X-Forwarded-For",
                        "198.51.100.23",
                        SECRET_HEADER,
                        ORIGIN_SECRET))))
        .contains("198.51.100.23/32");
  }

  @Test
  void play_configuredCountryHeader_usedInsteadOfCloudFronts() throws Exception {
    putAsset(
        new AssetRecord(
            "bbb",
            "",
            "v1",
            State.PUBLISHED,
            new Policy(List.of(), null, null, new Countries(List.of("DE"), List.of()))));
    String base = start(settings().withViewerCountryHeader("X-Country"));
    assertForbidden(
        play(base, "bbb", token("viewer-1"), "CloudFront-Viewer-Country", "DE"), "country_unknown");
    assertThat(play(base, "bbb", token("viewer-1"), "X-Country", "de").statusCode()).isEqualTo(200);
  }

  @Test
  void play_outsideAvailabilityWindow_403NotYetThenNoLonger() throws Exception {
    putAsset(
        new AssetRecord(
            "bbb",
            "",
            "v1",
            State.PUBLISHED,
            new Policy(
                List.of(), START.plusSeconds(60), START.plusSeconds(120), Countries.EVERYWHERE)));
    MutableClock clock = new MutableClock(START);
    String base = start(settings(), clock);
    assertForbidden(play(base, "bbb", token("viewer-1")), "not_yet_available");
    clock.advance(Duration.ofSeconds(60));
    HttpResponse<String> granted = play(base, "bbb", token("viewer-1"));
    assertThat(granted.statusCode()).isEqualTo(200);
    assertThat(json(granted).getLong("expiresEpochSeconds"))
        .isEqualTo(START.plusSeconds(60 + 300).getEpochSecond()); // the injected clock + TTL
    clock.advance(Duration.ofSeconds(60));
    assertForbidden(play(base, "bbb", token("viewer-1")), "no_longer_available");
  }

  @Test
  void play_unknownUnpublishedOrInvalidAsset_404() throws Exception {
    putAsset(new AssetRecord("draft", "", "v1", State.UNPUBLISHED, Policy.OPEN));
    String base = start(settings());
    for (String asset : List.of("nope", "draft", "bad%24id", "-dash", "a%2Fb")) {
      HttpResponse<String> response = play(base, asset, token("viewer-1"));
      assertThat(response.statusCode()).as(asset).isIn(404);
      assertThat(json(response)).isEqualTo(new JsonObject().put("error", "not_found"));
      assertThat(response.headers().allValues("set-cookie")).isEmpty();
    }
    // Anonymous callers learn nothing about which assets exist.
    assertThat(play(base, "nope", "").statusCode()).isEqualTo(401);
  }

  @Test
  void play_perSubjectLimit_429WithRetryAfter() throws Exception {
    String base =
        start(
            settings()
                .withRateLimit(
                    new EntitlementSettings.RateLimit(
                        new EntitlementSettings.Limit(2, Duration.ofMinutes(1)),
                        EntitlementSettings.Limit.OFF)));
    String token = token("greedy");
    assertThat(play(base, "bbb", token).statusCode()).isEqualTo(200);
    assertThat(play(base, "bbb", token).statusCode()).isEqualTo(200);
    HttpResponse<String> limited = play(base, "bbb", token);
    assertThat(limited.statusCode()).isEqualTo(429);
    long retryAfter = Long.parseLong(limited.headers().firstValue("retry-after").orElseThrow());
    assertThat(retryAfter).isBetween(1L, 60L);
    assertThat(json(limited).getString("error")).isEqualTo("rate_limited");
    assertThat(limited.headers().allValues("set-cookie")).isEmpty();
    // Another subject from the same IP is not affected.
    assertThat(play(base, "bbb", token("polite")).statusCode()).isEqualTo(200);
    assertThat(audit())
        .anySatisfy(
            line -> {
              assertThat(line.getString("decision")).isEqualTo("rate_limited");
              assertThat(line.getString("reason")).isEqualTo("rate_limited_subject");
              assertThat(line.getString("subject")).isEqualTo("greedy");
            });
  }

  @Test
  void play_perIpLimit_429BeforeTheTokenIsEvenChecked() throws Exception {
    String base =
        start(
            settings()
                .withRateLimit(
                    new EntitlementSettings.RateLimit(
                        EntitlementSettings.Limit.OFF,
                        new EntitlementSettings.Limit(3, Duration.ofMinutes(1)))));
    for (int i = 0; i < 3; i++) {
      assertThat(play(base, "bbb", "garbage", "X-Forwarded-For", "192.0.2.50").statusCode())
          .isEqualTo(401);
    }
    HttpResponse<String> limited = play(base, "bbb", token("v"), "X-Forwarded-For", "192.0.2.50");
    assertThat(limited.statusCode()).isEqualTo(429);
    assertThat(limited.headers().firstValue("retry-after")).isPresent();
    // The same viewer from another IP still gets in.
    assertThat(play(base, "bbb", token("v"), "X-Forwarded-For", "192.0.2.51").statusCode())
        .isEqualTo(200);
  }

  @Test
  void play_everyDecision_oneJsonAuditLine() throws Exception {
    String base = start(settings());
    HttpResponse<String> granted =
        play(base, "bbb", token("viewer-7"), "CloudFront-Viewer-Country", "fr");
    putAsset(
        new AssetRecord(
            "other",
            "",
            "v1",
            State.PUBLISHED,
            new Policy(List.of("gold"), null, null, Countries.EVERYWHERE)));
    play(base, "other", token("viewer-7"));

    List<JsonObject> lines = audit();
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0))
        .isEqualTo(
            new JsonObject()
                .put("event", "play")
                .put("subject", "viewer-7")
                .put("asset", "bbb")
                .put("decision", "granted")
                .putNull("reason")
                .put("ip", "203.0.113.7")
                .put("country", "FR")
                .put(
                    "expiresAt",
                    Instant.ofEpochSecond(json(granted).getLong("expiresEpochSeconds"))
                        .toString()));
    assertThat(lines.get(1).getString("decision")).isEqualTo("denied");
    assertThat(lines.get(1).getString("reason")).isEqualTo("plan_not_entitled");
    assertThat(lines.get(1).getString("expiresAt")).isNull();
  }

  @Test
  void play_jwksUnavailable_503NotTheViewersFault() throws Exception {
    Files.delete(files.jwksFile());
    String base = start(settings());
    HttpResponse<String> response = play(base, "bbb", token("viewer-1"));
    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(json(response)).isEqualTo(new JsonObject().put("error", "unavailable"));
    assertThat(response.headers().firstValue("www-authenticate")).isEmpty();
    assertThat(audit().get(0).getString("reason")).isEqualTo("jwks_unavailable");
  }

  @Test
  void play_corruptAssetJson_500WithoutDetails() throws Exception {
    store
        .write(
            AssetKeys.assetJson("bbb"),
            "{\"assetId\": \"bbb\", \"typo\": 1}".getBytes(StandardCharsets.UTF_8))
        .join();
    String base = start(settings());
    HttpResponse<String> response = play(base, "bbb", token("viewer-1"));
    assertThat(response.statusCode()).isEqualTo(500);
    assertThat(json(response)).isEqualTo(new JsonObject().put("error", "internal"));
    assertThat(response.headers().allValues("set-cookie")).isEmpty();
    assertThat(audit().get(0).getString("reason")).isEqualTo("asset_unreadable");
  }

  @Test
  void entitlementServer_standalone_healthzAndPlay() throws Exception {
    PlayHandler handler = EntitlementRoutes.createHandler(vertx, store, settings());
    EntitlementServer server =
        Await.result(EntitlementServer.start(vertx, handler, "127.0.0.1", 0));
    try {
      String base = "http://127.0.0.1:" + server.port();
      HttpResponse<String> health =
          http.send(
              HttpRequest.newBuilder(URI.create(base + "/healthz")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(health.statusCode()).isEqualTo(200);
      HttpResponse<String> granted = play(base, "bbb", token("viewer-1"));
      assertThat(granted.statusCode()).isEqualTo(200);
      assertThat(cookieValues(granted)).containsKey("CloudFront-Signature");
      HttpResponse<String> get =
          http.send(
              HttpRequest.newBuilder(URI.create(base + "/play/bbb")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(get.statusCode()).as("only POST mints").isEqualTo(405);
    } finally {
      Await.result(server.close());
    }
  }

  private static void assertForbidden(HttpResponse<String> response, String reason) {
    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(new JsonObject(response.body()))
        .isEqualTo(new JsonObject().put("error", "forbidden").put("reason", reason));
    assertThat(response.headers().allValues("set-cookie")).isEmpty();
    assertThat(response.headers().firstValue("cache-control")).hasValue("no-store");
  }
}
