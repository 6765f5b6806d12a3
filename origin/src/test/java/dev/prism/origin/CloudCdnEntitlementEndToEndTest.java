package dev.prism.origin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prism.entitlement.http.DevelopmentIdentity;
import dev.prism.store.BlobStore;
import dev.prism.store.FileBlobStore;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Cloud CDN deployment mints as well as verifies, end to end over HTTP as {@code prism serve}
 * wires it: {@code entitlement.signingKey} names a Cloud CDN key ({@code scheme: cloudCdn}) and
 * {@code gate.cloudCdn.keys} lists the same key; the {@code Cloud-CDN-Cookie} from {@code POST
 * /play/{asset}} opens that asset's playlists and segments through the gate, and no other asset.
 */
class CloudCdnEntitlementEndToEndTest {
  private static final String CDN = "https://cdn.example.com";
  private static final String KEY_NAME = "prism-key-1";

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
    Path keyFile = dir.resolve("keys/" + KEY_NAME + ".b64");
    Files.createDirectories(keyFile.getParent());
    // As `head -c 16 /dev/urandom | base64 | tr +/ -_` writes a Cloud CDN key.
    Files.writeString(keyFile, "nZtRohdNF9m3cKM24IcK4w==\n");
    identity = DevelopmentIdentity.loadOrCreate(dir.resolve(".prism"));

    List<String> yaml = new ArrayList<>();
    yaml.add("delivery: {publicBaseUrls: ['" + CDN + "']}");
    yaml.add("gate:");
    yaml.add("  enabled: true");
    yaml.add("  cloudCdn: {keys: [{name: " + KEY_NAME + ", keyFile: " + keyFile + "}]}");
    yaml.add("  viewerIp: {header: ''}");
    yaml.add("entitlement:");
    yaml.add("  enabled: true");
    yaml.add("  signingKey: {scheme: cloudCdn, name: " + KEY_NAME + ", keyFile: " + keyFile + "}");
    yaml.add("  cookie: {secure: false}"); // the test talks plain http to 127.0.0.1
    yaml.add("  jwt: {jwks: " + identity.jwksFile() + "}");
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    vertx = OriginServer.newVertx(registry);
    server = MintingOrigin.create(vertx, store, registry, String.join("\n", yaml), dir);
    base = URI.create("http://127.0.0.1:" + server.start().await());
  }

  @AfterAll
  static void stop() {
    server.stop().await();
    vertx.close().await();
    store.close();
  }

  private static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private static HttpResponse<byte[]> get(URI uri, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri);
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  @Test
  void cloudCdnCookieFromPlay_opensThisAssetThroughTheGate_notAnother() throws Exception {
    String token = identity.mint(vertx, "e2e-viewer", "", Duration.ofHours(1), Instant.now());
    URI multivariant = base.resolve("/v1/bbb240/hls/index.m3u8");
    assertThat(get(multivariant).statusCode()).as("no cookie yet").isEqualTo(403);

    HttpResponse<String> grant =
        HTTP.send(
            HttpRequest.newBuilder(base.resolve("/play/bbb240"))
                .POST(HttpRequest.BodyPublishers.noBody())
                .header("Authorization", "Bearer " + token)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(grant.statusCode()).isEqualTo(200);
    List<String> setCookies = grant.headers().allValues("set-cookie");
    assertThat(setCookies).hasSize(1);
    assertThat(setCookies.get(0)).startsWith("Cloud-CDN-Cookie=").contains("; Path=/v1/bbb240/");
    String cookie = setCookies.get(0).split(";", 2)[0];

    HttpResponse<byte[]> playlist = get(multivariant, "Cookie", cookie);
    assertThat(playlist.statusCode()).isEqualTo(200);
    URI mediaPlaylist =
        OriginPlaybackTest.uris(multivariant, OriginPlaybackTest.text(playlist)).get(0);
    HttpResponse<byte[]> media = get(mediaPlaylist, "Cookie", cookie);
    assertThat(media.statusCode()).isEqualTo(200);
    List<URI> resources = OriginPlaybackTest.uris(mediaPlaylist, OriginPlaybackTest.text(media));
    URI segment = resources.stream().filter(u -> u.getPath().endsWith(".m4s")).findFirst().get();
    HttpResponse<byte[]> bytes = get(segment, "Cookie", cookie);
    assertThat(bytes.statusCode()).isEqualTo(200);
    assertThat(bytes.body().length).isPositive();

    assertThat(get(base.resolve("/v1/other/hls/index.m3u8"), "Cookie", cookie).statusCode())
        .as("another asset")
        .isEqualTo(403);
    assertThat(get(segment).statusCode()).as("no cookie").isEqualTo(403);

    // The same grant as URL-prefix signed-URL parameters, for a cookie-less player.
    String signedQuery = new JsonObject(grant.body()).getString("signedQuery");
    assertThat(signedQuery).startsWith("URLPrefix=").contains("&KeyName=" + KEY_NAME + "&");
    assertThat(get(URI.create(segment + "?" + signedQuery)).statusCode()).isEqualTo(200);
    URI otherSegment = URI.create(segment.toString().replace("/v1/bbb240/", "/v1/other/"));
    assertThat(get(URI.create(otherSegment + "?" + signedQuery)).statusCode()).isEqualTo(403);
  }
}
