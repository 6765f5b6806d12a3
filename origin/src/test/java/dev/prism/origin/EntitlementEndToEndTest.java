package dev.prism.origin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prism.entitlement.http.DevelopmentIdentity;
import dev.prism.entitlement.http.EntitlementRoutes;
import dev.prism.entitlement.http.PlayHandler;
import dev.prism.entitlement.signing.SigningKeys;
import dev.prism.origin.cli.EntitlementWiring;
import dev.prism.origin.config.ConfigLoader;
import dev.prism.origin.config.PrismConfig;
import dev.prism.origin.gate.Gate;
import dev.prism.store.BlobStore;
import dev.prism.store.FileBlobStore;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 7 end to end over HTTP, as {@code prism serve} with {@code entitlement.enabled} runs it: a
 * development JWT → {@code POST /play/{asset}} on the origin → signed cookies in the client's
 * cookie jar → a whole HLS playback through the signed-cookie gate. A bad JWT gets 401; the grant
 * for one asset does not open another.
 */
class EntitlementEndToEndTest {
  private static final String CDN = "https://d111111abcdef8.cloudfront.net";
  private static final String KEY_PAIR_ID = "KE2ETESTKEY001";

  @TempDir static Path dir;

  private static Vertx vertx;
  private static OriginServer server;
  private static BlobStore store;
  private static DevelopmentIdentity identity;
  private static URI base;

  @BeforeAll
  static void start() throws Exception {
    store = new FileBlobStore(dir.resolve("store"));
    PlaybackFixture bbb = PlaybackFixture.packagerBbb240();
    bbb.publish(store);
    new PlaybackFixture("other", bbb.version(), bbb.ladder(), bbb.filesByTrackId()).publish(store);

    KeyPair cloudFront = SigningKeys.generate(SigningKeys.KeyAlgorithm.RSA_2048);
    Path privateKey = dir.resolve("keys/" + KEY_PAIR_ID + ".pem");
    Path publicKey = dir.resolve("keys/" + KEY_PAIR_ID + ".pub.pem");
    Files.createDirectories(privateKey.getParent());
    SigningKeys.writePrivateKeyPem(cloudFront.getPrivate(), privateKey);
    SigningKeys.writePublicKeyPem(cloudFront.getPublic(), publicKey);
    identity = DevelopmentIdentity.loadOrCreate(dir.resolve(".prism"));

    PrismConfig config =
        ConfigLoader.fromYaml(
            String.join(
                "\n",
                "delivery: {publicBaseUrls: ['" + CDN + "']}",
                "gate:",
                "  enabled: true",
                "  cloudfront: {keys: [{id: "
                    + KEY_PAIR_ID
                    + ", publicKeyFile: "
                    + publicKey
                    + "}]}",
                "  viewerIp: {header: ''}",
                "entitlement:",
                "  enabled: true",
                "  signingKey: {id: " + KEY_PAIR_ID + ", privateKeyFile: " + privateKey + "}",
                "  cookie: {secure: false}", // the test talks plain http to 127.0.0.1
                "  jwt: {jwks: " + identity.jwksFile() + "}"),
            dir);

    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    vertx = OriginServer.newVertx(registry);
    server =
        new OriginServer(
            vertx,
            OriginSettings.defaults().withSegmentDurationMs(2_000),
            store,
            registry,
            Clock.systemUTC());
    Gate.fromConfig(
            config.gate(), config.delivery().publicBaseUrls(), server.metrics(), Clock.systemUTC())
        .install(server);
    PlayHandler play = EntitlementWiring.playHandler(vertx, store, config);
    server.addRoutes(router -> EntitlementRoutes.mount(router, play));
    base = URI.create("http://127.0.0.1:" + server.start().await());
  }

  @AfterAll
  static void stop() {
    server.stop().await();
    vertx.close().await();
    store.close();
  }

  private static HttpClient http11() {
    return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  }

  private static HttpResponse<String> post(HttpClient client, String path, String token)
      throws Exception {
    return client.send(
        HttpRequest.newBuilder(base.resolve(path))
            .POST(HttpRequest.BodyPublishers.noBody())
            .header("Authorization", "Bearer " + token)
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<byte[]> get(HttpClient client, URI uri, String... headers)
      throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri);
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  @Test
  void developmentJwt_playThenWholeHlsPlaybackThroughTheGate() throws Exception {
    HttpClient browser =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .cookieHandler(new CookieManager())
            .build();
    String token = identity.mint(vertx, "e2e-viewer", "", Duration.ofHours(24), Instant.now());
    URI multivariant = base.resolve("/v1/bbb240/hls/index.m3u8");

    assertThat(get(browser, multivariant).statusCode()).as("no cookie yet").isEqualTo(403);

    HttpResponse<String> grant = post(browser, "/play/bbb240", token);
    assertThat(grant.statusCode()).isEqualTo(200);
    JsonObject body = new JsonObject(grant.body());
    assertThat(body.getString("hls")).isEqualTo(CDN + "/v1/bbb240/hls/index.m3u8");

    HttpResponse<byte[]> playlist = get(browser, multivariant); // cookies from the jar
    assertThat(playlist.statusCode()).isEqualTo(200);
    List<URI> mediaPlaylists =
        OriginPlaybackTest.uris(multivariant, OriginPlaybackTest.text(playlist));
    assertThat(mediaPlaylists).hasSize(3);
    List<URI> resources = new ArrayList<>();
    for (URI mediaPlaylist : mediaPlaylists) {
      HttpResponse<byte[]> media = get(browser, mediaPlaylist);
      assertThat(media.statusCode()).as(mediaPlaylist.getPath()).isEqualTo(200);
      resources.addAll(OriginPlaybackTest.uris(mediaPlaylist, OriginPlaybackTest.text(media)));
    }
    assertThat(resources.stream().filter(u -> u.getPath().endsWith(".m4s")).count())
        .isGreaterThanOrEqualTo(6);
    for (URI resource : resources) {
      HttpResponse<byte[]> r = get(browser, resource);
      assertThat(r.statusCode()).as(resource.getPath()).isEqualTo(200);
      assertThat(r.body().length).as(resource.getPath()).isPositive();
    }
    assertThat(get(browser, base.resolve("/v1/bbb240/dash/index.mpd")).statusCode()).isEqualTo(200);

    // The same grant as a signed-URL query string, for a cookie-less player.
    HttpClient cookieless = http11();
    assertThat(get(cookieless, resources.get(1)).statusCode()).isEqualTo(403);
    URI signed = URI.create(resources.get(1) + "?" + body.getString("signedQuery"));
    assertThat(get(cookieless, signed).statusCode()).isEqualTo(200);
  }

  @Test
  void grantForOneAsset_doesNotOpenAnother() throws Exception {
    HttpClient client = http11();
    String token = identity.mint(vertx, "e2e-viewer", "", Duration.ofHours(1), Instant.now());
    HttpResponse<String> grant = post(client, "/play/bbb240", token);
    assertThat(grant.statusCode()).isEqualTo(200);
    String cookies =
        grant.headers().allValues("set-cookie").stream()
            .map(h -> h.split(";", 2)[0])
            .collect(Collectors.joining("; "));

    assertThat(
            get(client, base.resolve("/v1/bbb240/hls/index.m3u8"), "Cookie", cookies).statusCode())
        .isEqualTo(200);
    assertThat(
            get(client, base.resolve("/v1/other/hls/index.m3u8"), "Cookie", cookies).statusCode())
        .isEqualTo(403);
    assertThat(post(client, "/play/other", token).statusCode())
        .as("a grant of its own")
        .isEqualTo(200);
  }

  @Test
  void expiredOrForgedJwt_401AndNoCookies() throws Exception {
    HttpClient client = http11();
    String expired =
        identity.mint(
            vertx,
            "e2e-viewer",
            "",
            Duration.ofMinutes(5),
            Instant.now().minus(Duration.ofHours(2)));
    DevelopmentIdentity stranger = DevelopmentIdentity.loadOrCreate(dir.resolve("stranger"));
    String forged = stranger.mint(vertx, "e2e-viewer", "", Duration.ofHours(1), Instant.now());
    for (String token : List.of(expired, forged)) {
      HttpResponse<String> response = post(client, "/play/bbb240", token);
      assertThat(response.statusCode()).isEqualTo(401);
      assertThat(response.headers().firstValue("www-authenticate").orElseThrow())
          .contains("error=\"invalid_token\"");
      assertThat(response.headers().allValues("set-cookie")).isEmpty();
      assertThat(new JsonObject(response.body()).getString("error")).isEqualTo("unauthorized");
    }
  }
}
