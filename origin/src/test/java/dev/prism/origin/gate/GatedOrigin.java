package dev.prism.origin.gate;

import dev.prism.origin.OriginServer;
import dev.prism.origin.OriginSettings;
import dev.prism.origin.config.GateConfig;
import dev.prism.store.BlobStore;
import dev.prism.store.contract.AssetKeys;
import dev.prism.store.contract.AssetRecord;
import dev.prism.store.contract.ContractJson;
import dev.prism.store.contract.LadderRecord;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * An origin on 127.0.0.1:0 over a store with the gate installed from a {@link GateConfig}, as
 * {@code prism serve} does, and a blocking HTTP/1.1 client.
 */
final class GatedOrigin implements AutoCloseable {
  static final int SEG_MS = 2_000;

  final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  final Vertx vertx;
  final OriginServer server;
  final Gate gate;
  final URI base;
  final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  GatedOrigin(BlobStore store, GateConfig config, List<URI> publicBaseUrls) throws IOException {
    this.vertx = OriginServer.newVertx(registry);
    this.server =
        new OriginServer(
            vertx,
            OriginSettings.defaults().withSegmentDurationMs(SEG_MS),
            store,
            registry,
            Clock.systemUTC());
    this.gate =
        Gate.fromConfig(config, publicBaseUrls, server.metrics(), Clock.systemUTC())
            .install(server);
    int port = server.start().await();
    this.base = URI.create("http://127.0.0.1:" + port);
  }

  /** GET {@code pathAndQuery} with header name/value pairs. */
  HttpResponse<byte[]> get(String pathAndQuery, String... headers) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + pathAndQuery)).timeout(Duration.ofSeconds(20));
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    try {
      return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The Prometheus exposition, as {@code /metrics} serves it. */
  String scrape() {
    return registry.scrape();
  }

  @Override
  public void close() {
    server.stop().await();
    vertx.close().await();
  }

  /**
   * Publishes the packager's committed CMAF fixtures (8 s of Big Buck Bunny 240p/120p + AAC,
   * FFmpeg-made) as {@code assetId}, as the transcoder would: tracks and ladder.json, then
   * asset.json.
   */
  static void publishBbb240(BlobStore store, String assetId, String version) {
    LadderRecord ladder =
        new LadderRecord(
            List.of(
                new LadderRecord.Track(
                    "video-240",
                    LadderRecord.TrackType.VIDEO,
                    "video-240.cmfv",
                    null,
                    "240p",
                    120_000),
                new LadderRecord.Track(
                    "video-120",
                    LadderRecord.TrackType.VIDEO,
                    "video-120.cmfv",
                    null,
                    "120p",
                    50_000),
                new LadderRecord.Track(
                    "audio-en",
                    LadderRecord.TrackType.AUDIO,
                    "audio-en.cmfa",
                    "en",
                    "English",
                    48_000)));
    for (LadderRecord.Track t : ladder.tracks()) {
      store
          .write(
              AssetKeys.trackFile(assetId, version, t.file()),
              resource("fixtures/bbb240/" + t.file()))
          .join();
    }
    store.write(AssetKeys.ladderJson(assetId, version), ContractJson.write(ladder)).join();
    AssetRecord record =
        new AssetRecord(
            assetId, "Gate test", version, AssetRecord.State.PUBLISHED, AssetRecord.Policy.OPEN);
    store.write(AssetKeys.assetJson(assetId), ContractJson.write(record)).join();
  }

  static byte[] resource(String name) {
    try (InputStream in = GatedOrigin.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + name + " (packager test-jar)");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
