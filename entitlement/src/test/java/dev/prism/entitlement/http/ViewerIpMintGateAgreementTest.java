package dev.prism.entitlement.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prism.entitlement.signing.CloudFrontBase64;
import dev.prism.entitlement.signing.CloudFrontVerifier;
import dev.prism.entitlement.signing.GrantSigner;
import dev.prism.entitlement.signing.IpRange;
import dev.prism.entitlement.signing.KeyGroup;
import dev.prism.entitlement.signing.SigningKeys;
import dev.prism.entitlement.signing.VerdictCache;
import dev.prism.entitlement.signing.ViewerRequest;
import dev.prism.entitlement.viewer.CdnTrust;
import dev.prism.entitlement.viewer.ViewerAddress;
import dev.prism.entitlement.viewer.ViewerLocator;
import dev.prism.store.FileBlobStore;
import dev.prism.store.contract.AssetKeys;
import dev.prism.store.contract.AssetRecord;
import dev.prism.store.contract.AssetRecord.Policy;
import dev.prism.store.contract.AssetRecord.State;
import dev.prism.store.contract.ContractJson;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Regression: the mint and the gate read the viewer IP from {@code X-Forwarded-For} by one rule.
 * The mint used to take the entry {@code len − 1 − trustedProxies}, so with {@code trustedProxies:
 * 1} it bound grants to (and rate-limited on) the entry left of the proxy's — written by the client
 * or the load balancer's own address — while the gate checked the rightmost: every IP-bound grant
 * failed at the gate, all viewers behind one balancer shared a per-IP bucket, and a client could
 * choose its own rate-limit key.
 *
 * <p>Over real HTTP: {@code POST /play} and a {@code /v1/*} route that does what the origin's gate
 * does (resolve the address with {@link ViewerAddress} from the same {@code viewerIp}, then check
 * the minted cookies with {@link CloudFrontVerifier}), both behind one simulated trusted proxy.
 */
class ViewerIpMintGateAgreementTest {
  private static final String CDN = "https://d111111abcdef8.cloudfront.net";
  private static final String KEY_PAIR_ID = "K2JCJMDEHXQW5F";
  private static final String VIEWER = "198.51.100.23";
  private static final String PATH = "/v1/bbb/hls/index.m3u8";
  private static final EntitlementSettings.ViewerIp BEHIND_ONE_PROXY =
      new EntitlementSettings.ViewerIp("X-Forwarded-For", 1);

  private static Vertx vertx;
  private static KeyPair cloudFrontKeys;
  private static TestIssuer issuer;

  @TempDir Path dir;

  private final HttpClient http = HttpClient.newHttpClient();
  private final List<HttpServer> servers = new ArrayList<>();
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
    store
        .write(
            AssetKeys.assetJson("bbb"),
            ContractJson.write(new AssetRecord("bbb", "", "v1", State.PUBLISHED, Policy.OPEN)))
        .join();
  }

  @AfterEach
  void tearDown() {
    for (HttpServer server : servers) {
      Await.result(server.close());
    }
    store.close();
  }

  @Test
  void ipBinding_oneTrustedProxy_mintBindsTheAddressTheGateResolves() throws Exception {
    String base = start(settings(BEHIND_ONE_PROXY, EntitlementSettings.RateLimit.OFF, true));
    // The client wrote "6.6.6.6"; the trusted proxy appended the address it saw.
    Map<String, String> cookies = cookieValues(play(base, "6.6.6.6, " + VIEWER));
    assertThat(policy(cookies)).contains("\"AWS:SourceIp\"").contains(VIEWER + "/32");

    // The gate, resolving by the same rule, admits the same viewer whatever it writes on the left…
    assertThat(gate(base, cookies, "6.6.6.6, " + VIEWER)).isEqualTo(200);
    assertThat(gate(base, cookies, "7.7.7.7, " + VIEWER)).isEqualTo(200);
    assertThat(gate(base, cookies, VIEWER)).isEqualTo(200);
    // …and refuses a grant replayed from another address, even one that writes the viewer's IP.
    assertThat(gate(base, cookies, VIEWER + ", 203.0.113.9")).isEqualTo(403);

    // A client-written leftmost entry does not change the binding.
    assertThat(policy(cookieValues(play(base, "7.7.7.7, " + VIEWER))))
        .contains("\"AWS:SourceIp\"")
        .contains(VIEWER + "/32");
  }

  @Test
  void perIpLimit_oneTrustedProxy_keyedOnTheResolvedAddressNotTheClientsEntry() throws Exception {
    EntitlementSettings.RateLimit twoPerIp =
        new EntitlementSettings.RateLimit(
            EntitlementSettings.Limit.OFF, new EntitlementSettings.Limit(2, Duration.ofMinutes(1)));
    String base = start(settings(BEHIND_ONE_PROXY, twoPerIp, false));

    // Rotating the client-written entry does not buy a fresh bucket…
    assertThat(play(base, "1.1.1.1, " + VIEWER).statusCode()).isEqualTo(200);
    assertThat(play(base, "2.2.2.2, " + VIEWER).statusCode()).isEqualTo(200);
    assertThat(play(base, "3.3.3.3, " + VIEWER).statusCode()).isEqualTo(429);
    // …and viewers the proxy tells apart do not share one, even when they write the same entry.
    assertThat(play(base, "1.1.1.1, 198.51.100.24").statusCode()).isEqualTo(200);
    assertThat(play(base, "198.51.100.25").statusCode()).isEqualTo(200);
  }

  @Test
  void ipBinding_viewerAddressUnknown_refusedLikeTheGateWould() throws Exception {
    String base =
        start(
            settings(
                new EntitlementSettings.ViewerIp("X-Forwarded-For", 2),
                EntitlementSettings.RateLimit.OFF,
                true));
    // One entry behind two trusted proxies: the request skipped a proxy; nothing is trusted.
    HttpResponse<String> refused = play(base, VIEWER);
    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(new JsonObject(refused.body()).getString("reason")).isEqualTo("viewer_ip_unknown");
    assertThat(refused.headers().allValues("set-cookie")).isEmpty();
    // With both proxies' entries the same viewer is bound to the address the first proxy saw.
    assertThat(policy(cookieValues(play(base, VIEWER + ", 10.0.0.5"))))
        .contains("\"AWS:SourceIp\"")
        .contains(VIEWER + "/32");
  }

  @Test
  void perIpLimit_viewerAddressUnknown_keyedOnTheTcpPeerNeverOnTheHeader() throws Exception {
    EntitlementSettings.RateLimit twoPerIp =
        new EntitlementSettings.RateLimit(
            EntitlementSettings.Limit.OFF, new EntitlementSettings.Limit(2, Duration.ofMinutes(1)));
    String base =
        start(settings(new EntitlementSettings.ViewerIp("X-Forwarded-For", 3), twoPerIp, false));
    // Too few entries to resolve: whatever the client writes, the requests share the peer's bucket.
    assertThat(play(base, "1.1.1.1").statusCode()).isEqualTo(200);
    assertThat(play(base, "2.2.2.2, 1.1.1.1").statusCode()).isEqualTo(200);
    assertThat(play(base, null).statusCode()).isEqualTo(429);
    // A request whose address resolves is limited on that address, not on the peer's bucket.
    assertThat(play(base, "1.1.1.1, 2.2.2.2, 3.3.3.3").statusCode()).isEqualTo(200);
  }

  private EntitlementSettings settings(
      EntitlementSettings.ViewerIp viewerIp,
      EntitlementSettings.RateLimit rateLimit,
      boolean ipBinding) {
    return files
        .settings(CDN, KEY_PAIR_ID)
        .withViewerIp(viewerIp)
        .withRateLimit(rateLimit)
        .withIpBinding(ipBinding)
        // The test client is the trusted proxy in front of both the mint and the gate.
        .withCdnTrust(
            CdnTrust.of("X-Origin-Secret", List.of(), List.of(IpRange.parse("127.0.0.1/32"))));
  }

  /** POST /play and, like the origin, GET /v1/* gated on the address {@code settings} names. */
  private String start(EntitlementSettings settings) throws Exception {
    GrantSigner signer =
        EntitlementRoutes.cloudFrontSigner(KEY_PAIR_ID, PrivateKeySource.pemFile(privateKeyFile));
    PlayHandler handler =
        EntitlementRoutes.createHandler(vertx, store, settings, signer, Clock.systemUTC());
    ViewerLocator gateAddress =
        new ViewerLocator(
            ViewerAddress.of(settings.viewerIp().header(), settings.viewerIp().trustedProxies()),
            null,
            settings.cdnTrust());
    CloudFrontVerifier verifier =
        new CloudFrontVerifier(
            KeyGroup.of(Map.of(KEY_PAIR_ID, cloudFrontKeys.getPublic())), VerdictCache.disabled());
    Router router = Router.router(vertx);
    EntitlementRoutes.mount(router, handler);
    router
        .get("/v1/*")
        .handler(
            ctx -> {
              HttpServerRequest request = ctx.request();
              Optional<InetAddress> viewer = Optional.ofNullable(gateAddress.address(request));
              Map<String, String> cookies = new LinkedHashMap<>();
              request.cookies().forEach(c -> cookies.put(c.getName(), c.getValue()));
              boolean granted =
                  verifier
                      .verifyRequest(
                          new ViewerRequest(
                              List.of(CDN), request.path(), null, viewer.orElse(null)),
                          cookies,
                          Instant.now())
                      .isGranted();
              ctx.response().setStatusCode(granted ? 200 : 403).end();
            });
    HttpServer server =
        Await.result(vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1"));
    servers.add(server);
    return "http://127.0.0.1:" + server.actualPort();
  }

  private HttpResponse<String> play(String base, @Nullable String forwardedFor) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + "/play/bbb"))
            .POST(HttpRequest.BodyPublishers.noBody())
            .header("Authorization", "Bearer " + issuer.token(vertx, "viewer-1"));
    if (forwardedFor != null) {
      request.header("X-Forwarded-For", forwardedFor);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private int gate(String base, Map<String, String> cookies, String forwardedFor) throws Exception {
    StringBuilder cookie = new StringBuilder();
    cookies.forEach(
        (k, v) -> cookie.append(cookie.length() == 0 ? "" : "; ").append(k).append('=').append(v));
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(base + PATH))
            .header("Cookie", cookie.toString())
            .header("X-Forwarded-For", forwardedFor)
            .build();
    return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  private static Map<String, String> cookieValues(HttpResponse<?> response) {
    assertThat(response.statusCode()).isEqualTo(200);
    Map<String, String> values = new LinkedHashMap<>();
    for (String header : response.headers().allValues("set-cookie")) {
      String pair = header.split(";", 2)[0];
      int eq = pair.indexOf('=');
      values.put(pair.substring(0, eq), pair.substring(eq + 1));
    }
    return values;
  }

  private static String policy(Map<String, String> cookies) {
    return new String(
        CloudFrontBase64.decode(cookies.get("CloudFront-Policy")), StandardCharsets.UTF_8);
  }
}
