package dev.prism.origin.outage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prism.cache.CacheSettings;
import dev.prism.origin.PlaybackFixture;
import dev.prism.origin.TestOrigin;
import dev.prism.origin.config.OriginSettings;
import dev.prism.origin.config.OutageSettings;
import dev.prism.store.BlobMetadata;
import dev.prism.store.BlobStore;
import dev.prism.store.BlobStoreException;
import dev.prism.store.BlobStores;
import dev.prism.store.ForwardingBlobStore;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stale-if-error is bounded: the last good {@code asset.json} serves for {@code staleIfError} past
 * {@code manifestTtl} while the store fails, then the origin answers 503; an asset that was never
 * read has no stale copy, and a store that answers again is fresh at once.
 */
class StaleIfErrorTest {

  /** A store that fails every read while {@link #down} is set. */
  static final class SwitchableStore extends ForwardingBlobStore {
    volatile boolean down;

    SwitchableStore(BlobStore delegate) {
      super(delegate);
    }

    private <T> CompletableFuture<T> orDown(Supplier<CompletableFuture<T>> call) {
      return down
          ? CompletableFuture.failedFuture(new BlobStoreException("store down (test)", null))
          : call.get();
    }

    @Override
    public CompletableFuture<byte[]> readAll(String key) {
      return orDown(() -> delegate().readAll(key));
    }

    @Override
    public CompletableFuture<ByteBuffer> read(String key, long offsetBytes, int lengthBytes) {
      return orDown(() -> delegate().read(key, offsetBytes, lengthBytes));
    }

    @Override
    public CompletableFuture<BlobMetadata> metadata(String key) {
      return orDown(() -> delegate().metadata(key));
    }
  }

  @Test
  @Timeout(30)
  void staleAssetRecord_servedWithinBound_then503(@TempDir Path folder) throws Exception {
    PlaybackFixture fixture = PlaybackFixture.packagerBbb240();
    SwitchableStore store = new SwitchableStore(BlobStores.folder(folder));
    fixture.publish(store);
    fixture.as("other", fixture.version()).publish(store);
    OriginSettings settings =
        OriginSettings.defaults()
            .withSegmentDurationMs(2_000)
            .withCaches(CacheSettings.DEFAULTS.withManifestTtl(Duration.ofMillis(500)))
            .withOutage(OutageSettings.DEFAULTS.withStaleIfError(Duration.ofSeconds(4)));
    try (TestOrigin origin = new TestOrigin(store, settings)) {
      String hls = "/v1/" + fixture.assetId() + "/hls/index.m3u8";
      assertThat(origin.get(hls).statusCode()).isEqualTo(200);
      // asset.json was read and the manifest made before this: both copies expire before
      // madeBy + manifestTtl + staleIfError.
      long madeBy = System.nanoTime();

      store.down = true;
      Thread.sleep(700); // past manifestTtl, within manifestTtl + staleIfError
      var stale = origin.get(hls);
      assertThat(stale.statusCode()).isEqualTo(200);
      assertThat(staleServes(origin, "asset")).isGreaterThanOrEqualTo(1);
      // Never read: nothing stale to serve.
      var never = origin.get("/v1/other/hls/index.m3u8");
      assertThat(never.statusCode()).isEqualTo(503);
      assertThat(never.headers().firstValue("retry-after")).isPresent();

      long boundNanos = Duration.ofMillis(500 + 4_000 + 300).toNanos();
      Thread.sleep(Math.max(0, (madeBy + boundNanos - System.nanoTime()) / 1_000_000));
      var expired = origin.get(hls);
      assertThat(expired.statusCode()).as("past manifestTtl + staleIfError").isEqualTo(503);

      store.down = false;
      Thread.sleep(OutageSettings.DEFAULTS.breakerOpenInterval().toMillis() + 100);
      assertThat(origin.get(hls).statusCode()).as("store back").isEqualTo(200);
    } finally {
      store.close();
    }
  }

  @Test
  @Timeout(30)
  void staleManifest_whenTheVersionMustBeReloaded(@TempDir Path folder) throws Exception {
    PlaybackFixture a = PlaybackFixture.packagerBbb240();
    PlaybackFixture b = a.as("other", a.version());
    SwitchableStore store = new SwitchableStore(BlobStores.folder(folder));
    a.publish(store);
    b.publish(store);
    // One version index held: reading b's evicts a's, so a's manifest needs the store again.
    CacheSettings caches = new CacheSettings(Duration.ofMillis(300), 64L << 20, 1, 1_000);
    OriginSettings settings =
        OriginSettings.defaults()
            .withSegmentDurationMs(2_000)
            .withCaches(caches)
            .withOutage(OutageSettings.DEFAULTS.withStaleIfError(Duration.ofSeconds(10)));
    try (TestOrigin origin = new TestOrigin(store, settings)) {
      String aHls = "/v1/" + a.assetId() + "/hls/index.m3u8";
      var fresh = origin.get(aHls);
      assertThat(fresh.statusCode()).isEqualTo(200);
      assertThat(origin.get("/v1/" + b.assetId() + "/hls/index.m3u8").statusCode()).isEqualTo(200);

      store.down = true;
      Thread.sleep(400); // past manifestTtl
      var stale = origin.get(aHls);
      assertThat(stale.statusCode()).isEqualTo(200);
      assertThat(stale.body()).isEqualTo(fresh.body());
      assertThat(staleServes(origin, "manifest")).isGreaterThanOrEqualTo(1);
    } finally {
      store.close();
    }
  }

  private static double staleServes(TestOrigin origin, String kind) {
    var c = origin.registry.find("prism.stale.serves").tag("kind", kind).counter();
    return c == null ? 0 : c.count();
  }
}
