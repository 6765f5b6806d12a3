package dev.prism.origin.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.prism.origin.config.ConfigLoader;
import dev.prism.origin.config.PrismConfig;
import dev.prism.origin.launch.OriginLauncher;
import dev.prism.transcoder.PublishedVersion;
import dev.prism.transcoder.testing.MediaFixtures;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code prism demo}'s start-up path in-process on a free port, with the first 4 s of the demo clip
 * (about 3 s to transcode): the printed command line works as written (POST /play with the printed
 * JWT, cookies a client's jar sends back over plain http to 127.0.0.1, then the multivariant
 * playlist), a hotlink without cookies gets 403, a second start reuses the keys and transcodes
 * nothing, and {@code prism serve}'s start-up with the same configuration has no {@code /player}.
 */
class DemoRunTest {
  /**
   * docs/ARCHITECTURE.md, Decisions: the printed command line, with the JWT, port and asset id as
   * groups.
   */
  private static final Pattern PRINTED_CURL =
      Pattern.compile(
          "^curl -s -c cookies\\.txt -X POST -H 'Authorization: Bearer"
              + " ([A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+)'"
              + " http://127\\.0\\.0\\.1:(\\d+)/play/([A-Za-z0-9._-]+) && curl -s -b cookies\\.txt"
              + " http://127\\.0\\.0\\.1:\\2/v1/\\3/hls/index\\.m3u8$",
          Pattern.MULTILINE);

  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  @TempDir static Path home;

  private static Path clip;

  @BeforeAll
  static void trimClip() throws Exception {
    Path media = Files.createDirectories(home.resolve("clips"));
    clip = MediaFixtures.trimmed(MediaFixtures.clip(MediaFixtures.BBB_480P), 4, media);
  }

  private static Function<Map<String, String>, PrismConfig> config() {
    // As ConfigOptions.load(overrides) does, with the test's home and no PRISM_* environment.
    return overrides -> ConfigLoader.load(null, overrides, Map.of(), home);
  }

  private static DemoRun.Request request() {
    return new DemoRun.Request(home.resolve(".prism"), clip, null, 0);
  }

  @Test
  void demo_printedCommandLine_mintsCookiesThatFetchThePlaylistAndHotlinkIs403() throws Exception {
    String keyPairId;
    try (DemoRun demo = DemoRun.start(request(), config(), e -> {}, Clock.systemUTC())) {
      assertThat(demo.published().outcome()).isEqualTo(PublishedVersion.Outcome.ENCODED);
      assertThat(demo.keys().created()).isTrue();
      keyPairId = demo.keys().keyPairId();
      String asset = DemoRun.assetIdFor(clip);
      assertThat(demo.assetId()).isEqualTo(asset).isEqualTo("bbb_480p_30s_h264_aac51_4s");

      String banner = demo.banner();
      assertThat(banner)
          .contains("asset id     " + asset)
          .contains("player page  http://127.0.0.1:" + demo.port() + "/player/?asset=" + asset);
      Matcher printed = PRINTED_CURL.matcher(banner);
      assertThat(printed.find()).as("docs/ARCHITECTURE.md's command line in:%n%s", banner).isTrue();
      String jwt = printed.group(1);
      assertThat(Integer.parseInt(printed.group(2))).isEqualTo(demo.port());
      assertThat(printed.group(3)).isEqualTo(asset);
      String base = "http://127.0.0.1:" + demo.port();

      // curl -s -c cookies.txt -X POST -H 'Authorization: Bearer <JWT>' .../play/<asset>
      HttpClient viewer = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
      HttpResponse<String> minted =
          viewer.send(
              HttpRequest.newBuilder(URI.create(base + "/play/" + asset))
                  .timeout(TIMEOUT)
                  .header("Authorization", "Bearer " + jwt)
                  .POST(HttpRequest.BodyPublishers.noBody())
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(minted.statusCode()).as(minted.body()).isEqualTo(200);
      List<String> setCookies = minted.headers().allValues("Set-Cookie");
      assertThat(setCookies)
          .extracting(c -> c.substring(0, c.indexOf('=')))
          .containsExactlyInAnyOrder(
              "CloudFront-Policy", "CloudFront-Signature", "CloudFront-Key-Pair-Id");
      // What makes curl's jar send them back to http://127.0.0.1/v1/<asset>/...: host-only (no
      // Domain), a path covering the asset's URLs, and not Secure (plain http).
      for (String c : setCookies) {
        String attributes = c.toLowerCase(java.util.Locale.ROOT);
        assertThat(attributes)
            .contains("path=/v1/" + asset.toLowerCase(java.util.Locale.ROOT) + "/");
        assertThat(attributes).doesNotContain("domain=").doesNotContain("; secure");
      }
      assertThat(setCookies)
          .anyMatch(c -> c.startsWith("CloudFront-Key-Pair-Id=" + keyPairId + ";"));

      // && curl -s -b cookies.txt .../v1/<asset>/hls/index.m3u8
      HttpResponse<String> playlist = get(viewer, base + "/v1/" + asset + "/hls/index.m3u8");
      assertThat(playlist.statusCode()).isEqualTo(200);
      assertThat(playlist.body()).startsWith("#EXTM3U").contains("#EXT-X-STREAM-INF:");

      // A hotlink: the same URL without the cookies.
      HttpClient hotlink = HttpClient.newHttpClient();
      assertThat(get(hotlink, base + "/v1/" + asset + "/hls/index.m3u8").statusCode())
          .isEqualTo(403);
      assertThat(get(hotlink, base + "/v1/" + asset + "/dash/index.mpd").statusCode())
          .isEqualTo(403);

      // The demo mounts the player page and its development token.
      assertThat(get(hotlink, base + "/player/?asset=" + asset).statusCode()).isEqualTo(200);
      HttpResponse<String> pageToken = get(hotlink, base + "/player/dev-token");
      assertThat(pageToken.statusCode()).isEqualTo(200);
      assertThat(pageToken.body()).startsWith("{\"token\":\"ey");
    }

    // Second start: the keys and the published version are reused; nothing is transcoded.
    try (DemoRun again = DemoRun.start(request(), config(), e -> {}, Clock.systemUTC())) {
      assertThat(again.published().outcome()).isEqualTo(PublishedVersion.Outcome.UNCHANGED);
      assertThat(again.keys().created()).isFalse();
      assertThat(again.keys().keyPairId()).isEqualTo(keyPairId);
      assertThat(again.banner()).contains("keys reused").contains("already transcoded");
    }
  }

  @Test
  void serve_sameConfiguration_mountsNoPlayerPage() throws Exception {
    DemoKeys keys = DemoKeys.loadOrCreate(home.resolve("serve-state"));
    PrismConfig cfg = config().apply(DemoRun.configOverrides(keys, 0));
    // prism serve's start-up: OriginLauncher with no extra routes.
    try (OriginLauncher.Running serve = OriginLauncher.start(cfg, (server, vertx) -> {})) {
      HttpClient client = HttpClient.newHttpClient();
      String base = "http://127.0.0.1:" + serve.port();
      assertThat(get(client, base + "/player/").statusCode()).isEqualTo(404);
      assertThat(get(client, base + "/player/dev-token").statusCode()).isEqualTo(404);
      assertThat(get(client, base + "/healthz").statusCode()).isEqualTo(200);
      // The mint is there (entitlement.enabled): no token is 401, not 404.
      HttpResponse<String> play =
          client.send(
              HttpRequest.newBuilder(URI.create(base + "/play/bbb"))
                  .timeout(TIMEOUT)
                  .POST(HttpRequest.BodyPublishers.noBody())
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(play.statusCode()).isEqualTo(401);

      // A second origin on the same port: one line to print, not a stack trace.
      PrismConfig taken = config().apply(DemoRun.configOverrides(keys, serve.port()));
      assertThatThrownBy(() -> OriginLauncher.start(taken, (server, vertx) -> {}))
          .isInstanceOf(OriginLauncher.StartException.class)
          .hasMessageStartingWith(
              OriginLauncher.LISTEN_FAILURE + " 127.0.0.1:" + serve.port() + ": ");
    }
  }

  @Test
  void assetIdFor_fileNames_followTheIdRule() {
    assertThat(DemoRun.assetIdFor(Path.of("media", DemoRun.DEFAULT_CLIP))).isEqualTo("bbb");
    assertThat(DemoRun.assetIdFor(Path.of("/in/My Movie (2024).mov"))).isEqualTo("My-Movie--2024-");
    assertThat(DemoRun.assetIdFor(Path.of("__clip.v2.mp4"))).isEqualTo("clip.v2");
    assertThat(DemoRun.assetIdFor(Path.of("é.mp4"))).isEqualTo("asset");
    assertThat(DemoRun.assetIdFor(Path.of("hls.mp4"))).isEqualTo("hls-asset"); // a reserved word
    assertThat(DemoRun.assetIdFor(Path.of("x".repeat(300) + ".mp4"))).hasSize(128);
  }

  private static HttpResponse<String> get(HttpClient client, String url) throws Exception {
    return client.send(
        HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
