package dev.prism.origin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prism.entitlement.http.DevelopmentIdentity;
import dev.prism.entitlement.signing.SigningKeys;
import dev.prism.store.BlobStore;
import dev.prism.store.FileBlobStore;
import dev.prism.store.contract.AssetKeys;
import dev.prism.store.contract.AssetRecord;
import dev.prism.store.contract.ContractJson;
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
 * The entitlement mint end to end over HTTP, as {@code prism serve} with {@code
 * entitlement.enabled} runs it: a development JWT → {@code POST /play/{asset}} on the origin →
 * signed cookies in the client's cookie jar → a whole HLS playback through the signed-cookie gate.
 * A bad JWT gets 401; the grant for one asset does not open another.
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
  private static Path publicKeyFile;
  private static Path privateKeyFile;

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

    publicKeyFile = publicKey;
    privateKeyFile = privateKey;
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    vertx = OriginServer.newVertx(registry);
    server = startOrigin(registry, "  viewerIp: {header: ''}");
    base = URI.create("http://127.0.0.1:" + server.start().await());
  }

  /**
   * An origin as {@code prism serve} wires it, over the shared store and keys, with {@code
   * gateYaml} added to the {@code gate:} section; not yet listening.
   */
  private static OriginServer startOrigin(PrometheusMeterRegistry registry, String... gateYaml)
      throws Exception {
    List<String> yaml = new ArrayList<>();
    yaml.add("delivery: {publicBaseUrls: ['" + CDN + "']}");
    yaml.add("gate:");
    yaml.add("  enabled: true");
    yaml.add(
        "  cloudfront: {keys: [{id: " + KEY_PAIR_ID + ", publicKeyFile: " + publicKeyFile + "}]}");
    yaml.addAll(List.of(gateYaml));
    yaml.add("entitlement:");
    yaml.add("  enabled: true");
    yaml.add("  signingKey: {id: " + KEY_PAIR_ID + ", privateKeyFile: " + privateKeyFile + "}");
    yaml.add("  cookie: {secure: false}"); // the test talks plain http to 127.0.0.1
    yaml.add("  jwt: {jwks: " + identity.jwksFile() + "}");
    return MintingOrigin.create(vertx, store, registry, String.join("\n", yaml), dir);
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

  @Test
  void playBehindTheCdn_cdnHeadersCountOnlyWithTheOriginSecret() throws Exception {
    String secret = "only-the-cdn-knows-this-0123";
    store
        .write(
            AssetKeys.assetJson("geo"),
            ContractJson.write(
                new AssetRecord(
                    "geo",
                    "Blocked in FR",
                    "v1",
                    AssetRecord.State.PUBLISHED,
                    new AssetRecord.Policy(
                        List.of(),
                        null,
                        null,
                        new AssetRecord.Countries(List.of(), List.of("FR"))))))
        .join();
    OriginServer behindCdn =
        startOrigin(
            new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
            "  originSecret: {values: ['" + secret + "']}");
    try {
      URI cdnBase = URI.create("http://127.0.0.1:" + behindCdn.start().await());
      String token = identity.mint(vertx, "e2e-viewer", "", Duration.ofHours(1), Instant.now());
      HttpClient client = http11();
      // A viewer in FR posts to the origin directly and writes the CDN's country header itself.
      HttpResponse<String> forged =
          client.send(
              HttpRequest.newBuilder(cdnBase.resolve("/play/geo"))
                  .POST(HttpRequest.BodyPublishers.noBody())
                  .header("Authorization", "Bearer " + token)
                  .header("CloudFront-Viewer-Country", "DE")
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(forged.statusCode()).isEqualTo(403);
      assertThat(new JsonObject(forged.body()).getString("reason")).isEqualTo("country_unknown");
      assertThat(forged.headers().allValues("set-cookie")).isEmpty();
      // The same request through the CDN, which adds the origin secret: the header counts.
      HttpResponse<String> viaCdn =
          client.send(
              HttpRequest.newBuilder(cdnBase.resolve("/play/geo"))
                  .POST(HttpRequest.BodyPublishers.noBody())
                  .header("Authorization", "Bearer " + token)
                  .header("CloudFront-Viewer-Country", "DE")
                  .header("X-Origin-Secret", secret)
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(viaCdn.statusCode()).isEqualTo(200);
      assertThat(viaCdn.headers().allValues("set-cookie")).isNotEmpty();
    } finally {
      behindCdn.stop().await();
    }
  }
}
