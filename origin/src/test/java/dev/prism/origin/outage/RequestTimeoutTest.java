package dev.prism.origin.outage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prism.cache.CacheSettings;
import dev.prism.origin.PlaybackFixture;
import dev.prism.origin.TestOrigin;
import dev.prism.origin.config.OriginSettings;
import dev.prism.origin.config.OutageSettings;
import dev.prism.store.BlobStore;
import dev.prism.store.BlobStores;
import dev.prism.store.ForwardingBlobStore;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store that never answers: the request gets 503 with {@code Retry-After} at {@code
 * server.requestTimeout}, counted as shed, and the late answer does not write a second response.
 */
class RequestTimeoutTest {

  /** Reads of {@code asset.json} hang while {@link #hang} is set. */
  static final class HangingStore extends ForwardingBlobStore {
    volatile boolean hang;

    HangingStore(BlobStore delegate) {
      super(delegate);
    }

    @Override
    public CompletableFuture<byte[]> readAll(String key) {
      return hang ? new CompletableFuture<>() : delegate().readAll(key);
    }
  }

  @Test
  @Timeout(30)
  void silentStore_503AtTheRequestTimeout(@TempDir Path folder) throws Exception {
    PlaybackFixture fixture = PlaybackFixture.packagerBbb240();
    HangingStore store = new HangingStore(BlobStores.folder(folder));
    fixture.publish(store);
    OutageSettings outage =
        new OutageSettings(
            Duration.ofSeconds(8), // the store-call bound, longer than the request's
            Duration.ZERO,
            Duration.ofSeconds(5),
            20,
            5,
            50,
            Duration.ofSeconds(120),
            Duration.ofMillis(1_500),
            16);
    OriginSettings settings =
        OriginSettings.defaults()
            .withSegmentDurationMs(2_000)
            .withCaches(CacheSettings.DEFAULTS.withManifestTtl(Duration.ofMillis(300)))
            .withOutage(outage);
    try (TestOrigin origin = new TestOrigin(store, settings)) {
      // Warm: the version is loaded, so only asset.json (past its TTL) needs the store below.
      // (A cold JVM on a busy machine may need more than the bound for the first load: retry.)
      int warm = 0;
      for (int i = 0; i < 10 && warm != 200; i++) {
        warm = origin.get("/v1/" + fixture.assetId() + "/hls/index.m3u8").statusCode();
      }
      assertThat(warm).isEqualTo(200);
      Thread.sleep(400);
      store.hang = true;
      long start = System.nanoTime();
      HttpResponse<byte[]> r = origin.get("/v1/" + fixture.assetId() + "/hls/index.m3u8");
      long tookMillis = (System.nanoTime() - start) / 1_000_000;
      assertThat(r.statusCode()).isEqualTo(503);
      assertThat(r.headers().firstValue("retry-after")).isPresent();
      assertThat(tookMillis).isBetween(1_400L, 6_000L); // before the 8 s store-call bound
      assertThat(origin.registry.find("prism.load.shed").tag("reason", "request_timeout").counter())
          .isNotNull();
      // The store call's own bound fails the load later; nothing more is written, and the
      // origin still answers.
      Thread.sleep(8_000);
      store.hang = false;
      assertThat(origin.get("/healthz").statusCode()).isEqualTo(200);
      assertThat(origin.get("/v1/" + fixture.assetId() + "/hls/index.m3u8").statusCode())
          .isEqualTo(200);
    } finally {
      store.close();
    }
  }
}
