package dev.prism.origin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.prism.cache.CacheSettings;
import dev.prism.origin.config.OriginSettings;
import dev.prism.origin.http.AccessLog;
import dev.prism.origin.http.HttpErrors;
import dev.prism.origin.http.RouteContextKeys;
import dev.prism.store.BlobStore;
import dev.prism.store.BlobStores;
import dev.prism.store.S3StoreSettings;
import dev.prism.store.contract.AssetKeys;
import dev.prism.store.contract.AssetRecord;
import dev.prism.store.contract.ContractJson;
import dev.prism.store.contract.LadderRecord;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** Republish, failure mapping, guards, access log and graceful shutdown, over real HTTP. */
class OriginBehaviourTest {
  static final int SEG_MS = 2_000;

  @TempDir Path folder;

  @Test
  void republish_whileClientHoldsOldManifest_oldUrlsWorkAndNewManifestWithinTtl() throws Exception {
    PlaybackFixture fixture = PlaybackFixture.packagerBbb240();
    BlobStore store = BlobStores.folder(folder);
    fixture.publish(store);
    Duration ttl = Duration.ofSeconds(1);
    OriginSettings settings =
        OriginSettings.defaults()
            .withSegmentDurationMs(SEG_MS)
            .withCaches(CacheSettings.DEFAULTS.withManifestTtl(ttl));
    try (TestOrigin origin = new TestOrigin(store, settings)) {
      String entry = "/v1/" + fixture.assetId() + "/hls/index.m3u8";
      HttpResponse<byte[]> first = origin.get(entry);
      assertThat(first.headers().firstValue("cache-control")).contains("public, max-age=1");
      String oldManifest = text(first);
      assertThat(oldManifest).contains("../" + fixture.version() + "/hls/");
      URI oldPlaylist = OriginPlaybackTest.uris(first.uri(), oldManifest).get(0);
      HttpResponse<byte[]> playlist = origin.get(oldPlaylist.getPath());
      List<URI> oldSegments = OriginPlaybackTest.uris(oldPlaylist, text(playlist));
      byte[] oldSegmentBytes = origin.get(oldSegments.get(1).getPath()).body();

      String newVersion = "v9a8b7c6d";
      fixture.publishAs(store, newVersion);
      long publishedNanos = System.nanoTime();
      String manifest = oldManifest;
      while (!manifest.contains("../" + newVersion + "/hls/")) {
        assertThat(Duration.ofNanos(System.nanoTime() - publishedNanos))
            .as("new manifest within the TTL")
            .isLessThan(ttl.plusMillis(300));
        Thread.sleep(50);
        manifest = text(origin.get(entry));
      }
      assertThat(Duration.ofNanos(System.nanoTime() - publishedNanos))
          .isLessThanOrEqualTo(ttl.plusMillis(300));

      // The client mid-playback keeps its ladder: old playlist and segments are still served.
      assertThat(origin.get(oldPlaylist.getPath()).statusCode()).isEqualTo(200);
      for (URI segment : oldSegments) {
        assertThat(origin.get(segment.getPath()).statusCode()).isEqualTo(200);
      }
      assertThat(origin.get(oldSegments.get(1).getPath()).body()).isEqualTo(oldSegmentBytes);
      assertThat(origin.get("/v1/" + fixture.assetId() + "/dash/index.mpd").body())
          .asString(StandardCharsets.UTF_8)
          .contains("../" + newVersion + "/");
    } finally {
      store.close();
    }
  }

  @Test
  void corruptTrack_502AndOneLogLineNamingAssetTrackOffset() {
    PlaybackFixture fixture = PlaybackFixture.packagerBbb240();
    BlobStore store = BlobStores.folder(folder);
    LadderRecord.Track track = fixture.track("video-240");
    byte[] truncated = Arrays.copyOf(fixture.filesByTrackId().get("video-240"), 3_000);
    store.write(AssetKeys.trackFile("broken", "v1", track.file()), truncated).join();
    store
        .write(
            AssetKeys.ladderJson("broken", "v1"),
            ContractJson.write(new LadderRecord(List.of(track))))
        .join();
    store
        .write(
            AssetKeys.assetJson("broken"),
            ContractJson.write(
                new AssetRecord(
                    "broken", "", "v1", AssetRecord.State.PUBLISHED, AssetRecord.Policy.OPEN)))
        .join();
    ListAppender<ILoggingEvent> errors = capture(HttpErrors.class.getName());
    try (TestOrigin origin = new TestOrigin(store, OriginSettings.defaults())) {
      HttpResponse<byte[]> r = origin.get("/v1/broken/hls/index.m3u8");
      assertThat(r.statusCode()).isEqualTo(502);
      assertThat(text(r)).isEqualTo("Bad Gateway\n");
      List<ILoggingEvent> lines =
          errors.list.stream().filter(e -> e.getLevel() == Level.ERROR).toList();
      assertThat(lines).hasSize(1);
      assertThat(lines.get(0).getFormattedMessage())
          .contains("asset=broken")
          .contains("track=video-240")
          .containsPattern("offset=[0-9]+");
      assertThat(lines.get(0).getThrowableProxy()).isNull();
    } finally {
      detach(HttpErrors.class.getName(), errors);
      store.close();
    }
  }

  @Test
  void unexpectedFailure_500_loggedWithRouteAndCauseButNotSent() {
    BlobStore store = BlobStores.folder(folder);
    ListAppender<ILoggingEvent> errors = capture(HttpErrors.class.getName());
    try (TestOrigin origin =
        new TestOrigin(
            store,
            OriginSettings.defaults(),
            s ->
                s.addGuard(
                    ctx -> {
                      throw new IllegalStateException("guard bug at /secret/place");
                    }))) {
      HttpResponse<byte[]> r = origin.get("/v1/bbb/hls/index.m3u8");
      assertThat(r.statusCode()).isEqualTo(500);
      assertThat(text(r)).isEqualTo("Internal Server Error\n");
      List<ILoggingEvent> lines =
          errors.list.stream().filter(e -> e.getLevel() == Level.ERROR).toList();
      assertThat(lines).hasSize(1);
      assertThat(lines.get(0).getFormattedMessage())
          .contains("route=multivariant_playlist")
          .contains("path=/v1/bbb/hls/index.m3u8")
          .contains("java.lang.IllegalStateException: guard bug at /secret/place");
      assertThat(lines.get(0).getThrowableProxy()).isNotNull();
    } finally {
      detach(HttpErrors.class.getName(), errors);
      store.close();
    }
  }

  @Test
  void unpublishedAsset_404() {
    PlaybackFixture fixture = PlaybackFixture.packagerBbb240();
    BlobStore store = BlobStores.folder(folder);
    fixture.publish(store);
    store
        .write(
            AssetKeys.assetJson(fixture.assetId()),
            ContractJson.write(
                new AssetRecord(
                    fixture.assetId(),
                    "",
                    fixture.version(),
                    AssetRecord.State.UNPUBLISHED,
                    AssetRecord.Policy.OPEN)))
        .join();
    try (TestOrigin origin = new TestOrigin(store, OriginSettings.defaults())) {
      assertThat(origin.get("/v1/" + fixture.assetId() + "/hls/index.m3u8").statusCode())
          .isEqualTo(404);
      assertThat(
              origin
                  .get("/v1/" + fixture.assetId() + "/" + fixture.version() + "/video-240/init.mp4")
                  .statusCode())
          .isEqualTo(404);
    } finally {
      store.close();
    }
  }

  @Test
  void storeUnreachable_503WithRetryAfter_readyzFails() {
    // An S3 endpoint where nothing listens: every call fails with a connection error.
    S3StoreSettings nowhere =
        new S3StoreSettings(
            "prism-test", "", "us-east-1", URI.create("http://127.0.0.1:9"), true, "id", "secret");
    BlobStore store = BlobStores.s3(nowhere);
    try (TestOrigin origin = new TestOrigin(store, OriginSettings.defaults())) {
      HttpResponse<byte[]> r = origin.get("/v1/bbb/hls/index.m3u8");
      assertThat(r.statusCode()).isEqualTo(503);
      assertThat(r.headers().firstValue("retry-after")).contains("5");
      assertThat(text(r)).isEqualTo("Service Unavailable\n");
      assertThat(origin.get("/readyz").statusCode()).isEqualTo(503);
      assertThat(origin.get("/healthz").statusCode()).isEqualTo(200);
    } finally {
      store.close();
    }
  }

  @Test
  void guard_denies_403FixedBodyDenialMetricAndAccessLog() {
    PlaybackFixture fixture = PlaybackFixture.packagerBbb240();
    BlobStore store = BlobStores.folder(folder);
    fixture.publish(store);
    ListAppender<ILoggingEvent> access = capture(AccessLog.LOGGER);
    try (TestOrigin origin =
        new TestOrigin(
            store,
            OriginSettings.defaults().withSegmentDurationMs(SEG_MS),
            server ->
                server.addGuard(
                    ctx -> {
                      if (ctx.request().getHeader("X-Test-Deny") != null) {
                        server.metrics().gateDenial("signed_cookie", "bad_signature");
                        ctx.put(RouteContextKeys.DENIAL, "bad_signature");
                        ctx.fail(403);
                      } else {
                        ctx.next();
                      }
                    }))) {
      String segment =
          "/v1/" + fixture.assetId() + "/" + fixture.version() + "/video-240/" + SEG_MS + "/1.m4s";
      HttpResponse<byte[]> denied = origin.get(segment, "X-Test-Deny", "1");
      assertThat(denied.statusCode()).isEqualTo(403);
      assertThat(text(denied)).isEqualTo("Forbidden\n");
      HttpResponse<byte[]> allowed = origin.get(segment);
      assertThat(allowed.statusCode()).isEqualTo(200);

      String metrics = text(origin.get("/metrics"));
      assertThat(metrics)
          .contains(
              "prism_gate_denials_total{guard=\"signed_cookie\",reason=\"bad_signature\"} 1.0")
          .contains(
              "prism_http_requests_seconds_count{method=\"GET\",route=\"media_segment\",status=\"403\"} 1");

      List<JsonObject> lines =
          access.list.stream().map(e -> new JsonObject(e.getFormattedMessage())).toList();
      JsonObject deniedLine =
          lines.stream().filter(l -> l.getInteger("status") == 403).findFirst().orElseThrow();
      assertThat(deniedLine.getString("denial")).isEqualTo("bad_signature");
      assertThat(deniedLine.getString("route")).isEqualTo("media_segment");
      assertThat(deniedLine.getString("path")).isEqualTo(segment);
      JsonObject okLine =
          lines.stream().filter(l -> l.getInteger("status") == 200).findFirst().orElseThrow();
      assertThat(okLine.getLong("bytes")).isEqualTo((long) allowed.body().length);
      assertThat(okLine.getString("ts")).isNotBlank();
      assertThat(okLine.getDouble("ms")).isNotNull();
    } finally {
      detach(AccessLog.LOGGER, access);
      store.close();
    }
  }

  @Test
  void start_portZeroSeveralEventLoops_allServersShareOnePort() {
    BlobStore store = BlobStores.folder(folder);
    try (TestOrigin origin = new TestOrigin(store, OriginSettings.defaults().withEventLoops(4))) {
      assertThat(origin.server.boundPorts()).hasSize(4).containsOnly(origin.base.getPort());
      assertThat(origin.get("/healthz").statusCode()).isEqualTo(200);
    } finally {
      store.close();
    }
  }

  @Test
  void stop_inFlightRequestDrainedThenNoNewConnections() throws Exception {
    PlaybackFixture fixture = PlaybackFixture.packagerBbb240();
    BlobStore store = BlobStores.folder(folder);
    fixture.publish(store);
    TestOrigin origin =
        new TestOrigin(
            store,
            OriginSettings.defaults().withSegmentDurationMs(SEG_MS),
            server ->
                server.addGuard(
                    ctx -> ctx.vertx().setTimer(500, t -> ctx.next()))); // a slow request
    try {
      String path = "/v1/" + fixture.assetId() + "/hls/index.m3u8";
      CompletableFuture<HttpResponse<byte[]>> inFlight =
          origin.http.sendAsync(
              HttpRequest.newBuilder(origin.base.resolve(path)).GET().build(),
              HttpResponse.BodyHandlers.ofByteArray());
      Thread.sleep(150); // the request is now waiting in the slow guard
      origin.server.stop().await();
      assertThat(inFlight.get().statusCode()).isEqualTo(200);
      assertThat(text(inFlight.get())).startsWith("#EXTM3U");
      assertThatThrownBy(() -> origin.get(path)).isInstanceOf(java.io.UncheckedIOException.class);
    } finally {
      origin.vertx.close().await();
      store.close();
    }
  }

  static ListAppender<ILoggingEvent> capture(String loggerName) {
    Logger logger = (Logger) LoggerFactory.getLogger(loggerName);
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    logger.addAppender(appender);
    return appender;
  }

  static void detach(String loggerName, ListAppender<ILoggingEvent> appender) {
    ((Logger) LoggerFactory.getLogger(loggerName)).detachAppender(appender);
  }

  static String text(HttpResponse<byte[]> r) {
    return new String(r.body(), StandardCharsets.UTF_8);
  }
}
