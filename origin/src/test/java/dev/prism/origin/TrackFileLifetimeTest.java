package dev.prism.origin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prism.cache.CacheSettings;
import dev.prism.origin.config.OriginSettings;
import dev.prism.store.BlobStore;
import dev.prism.store.BlobStores;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The open track files of a folder store live as long as anything holds them: a media segment kept
 * in the immutable cache as a file region still sends after its version left the index cache and
 * the close delay passed. Real HTTP against a started origin over a folder store.
 */
class TrackFileLifetimeTest {
  static final int SEG_MS = 2_000;
  static final Duration CLOSE_DELAY = Duration.ofMillis(200);
  static final Pattern INDEX_EVICTIONS =
      Pattern.compile("prism_cache_evictions_total\\{cache=\"indexes\",?\\} ([0-9.]+)");

  @TempDir Path folder;

  @Test
  void cachedSegment_afterItsVersionEvictedAndCloseDelayPassed_stillSent() throws Exception {
    PlaybackFixture a = PlaybackFixture.packagerBbb240();
    PlaybackFixture b = a.as("other", "v1b2c3d4e");
    BlobStore store = BlobStores.folder(folder);
    a.publish(store);
    b.publish(store);
    OriginSettings settings =
        OriginSettings.defaults()
            .withSegmentDurationMs(SEG_MS)
            .withCaches(new CacheSettings(Duration.ofSeconds(10), 64L << 20, 1, 10_000));
    try (TestOrigin origin =
        new TestOrigin(store, settings, server -> server.fileCloseDelay(CLOSE_DELAY))) {
      String segmentA =
          "/v1/" + a.assetId() + "/" + a.version() + "/video-240/" + SEG_MS + "/1.m4s";
      HttpResponse<byte[]> first = origin.get(segmentA);
      assertThat(first.statusCode()).isEqualTo(200);

      // Version B's resources load B into the one-entry index cache until A is evicted (Caffeine
      // admits a newcomer by frequency, so one request may not be enough).
      List<String> bPaths = new ArrayList<>();
      for (String track : List.of("video-240", "video-120", "audio-en")) {
        bPaths.add(
            "/v1/" + b.assetId() + "/" + b.version() + "/hls/" + SEG_MS + "/" + track + ".m3u8");
        bPaths.add("/v1/" + b.assetId() + "/" + b.version() + "/" + track + "/init.mp4");
        for (int n = 1; n <= 3; n++) {
          bPaths.add(
              "/v1/"
                  + b.assetId()
                  + "/"
                  + b.version()
                  + "/"
                  + track
                  + "/"
                  + SEG_MS
                  + "/"
                  + n
                  + ".m4s");
        }
      }
      for (String path : bPaths) {
        assertThat(origin.get(path).statusCode()).as(path).isEqualTo(200);
        if (indexEvictions(origin) >= 1) {
          break;
        }
      }
      waitForEviction(origin);

      Thread.sleep(CLOSE_DELAY.multipliedBy(3).toMillis());

      HttpResponse<byte[]> again = origin.get(segmentA);
      assertThat(again.statusCode()).isEqualTo(200);
      assertThat(again.body()).isEqualTo(first.body());
      // Ranged too: the same open file, another offset.
      HttpResponse<byte[]> ranged = origin.get(segmentA, "Range", "bytes=10-99");
      assertThat(ranged.statusCode()).isEqualTo(206);
      assertThat(ranged.body()).hasSize(90);
    } finally {
      store.close();
    }
  }

  private static void waitForEviction(TestOrigin origin) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (indexEvictions(origin) < 1) {
      assertThat(System.nanoTime())
          .as("version A evicted from the index cache")
          .isLessThan(deadline);
      Thread.sleep(20);
    }
  }

  private static double indexEvictions(TestOrigin origin) {
    Matcher m = INDEX_EVICTIONS.matcher(origin.scrape());
    return m.find() ? Double.parseDouble(m.group(1)) : 0;
  }
}
