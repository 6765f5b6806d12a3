package dev.prism.origin;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.prism.cache.CacheSettings;
import dev.prism.origin.config.OriginSettings;
import dev.prism.origin.http.HttpErrors;
import dev.prism.store.BlobStore;
import dev.prism.store.BlobStores;
import dev.prism.store.contract.AssetKeys;
import dev.prism.store.contract.AssetRecord;
import dev.prism.store.contract.ContractJson;
import dev.prism.store.contract.LadderRecord;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A version whose track file is corrupt (truncated inside its index) is judged once and answered
 * 502 from that verdict for {@code cache.corruptVerdictTtl}: one log line and one store read, not
 * one per request. Real HTTP against a started origin over a folder store.
 */
class CorruptVersionVerdictTest {
  static final String ASSET = "broken";
  static final String VERSION = "v1";

  @TempDir Path folder;

  /** Publishes a one-track version whose track file is cut 3,000 bytes in; its store key. */
  static String publishTruncated(BlobStore store) {
    PlaybackFixture fixture = PlaybackFixture.packagerBbb240();
    LadderRecord.Track track = fixture.track("video-240");
    byte[] truncated = Arrays.copyOf(fixture.filesByTrackId().get("video-240"), 3_000);
    String key = AssetKeys.trackFile(ASSET, VERSION, track.file());
    store.write(key, truncated).join();
    store
        .write(
            AssetKeys.ladderJson(ASSET, VERSION),
            ContractJson.write(new LadderRecord(List.of(track))))
        .join();
    store
        .write(
            AssetKeys.assetJson(ASSET),
            ContractJson.write(
                new AssetRecord(
                    ASSET, "", VERSION, AssetRecord.State.PUBLISHED, AssetRecord.Policy.OPEN)))
        .join();
    return key;
  }

  @Test
  void corruptVersion_manyRequests_each502_oneLogLine_oneStoreRead() {
    BlobStore store = BlobStores.folder(folder);
    String key = publishTruncated(store);
    ListAppender<ILoggingEvent> log = OriginBehaviourTest.capture(HttpErrors.class.getName());
    try (TestOrigin origin = new TestOrigin(store, OriginSettings.defaults())) {
      List<String> paths =
          List.of(
              "/v1/" + ASSET + "/hls/index.m3u8",
              "/v1/" + ASSET + "/dash/index.mpd",
              "/v1/" + ASSET + "/" + VERSION + "/hls/6000/video-240.m3u8",
              "/v1/" + ASSET + "/" + VERSION + "/video-240/init.mp4",
              "/v1/" + ASSET + "/" + VERSION + "/video-240/6000/1.m4s");
      for (int i = 0; i < 4; i++) {
        for (String path : paths) {
          assertThat(origin.get(path).statusCode()).as(path).isEqualTo(502);
        }
      }
      assertThat(errors(log)).hasSize(1);
      assertThat(errors(log).get(0).getFormattedMessage())
          .contains("asset=" + ASSET)
          .contains("version=" + VERSION)
          .contains("track=video-240");
      assertThat(origin.store.reads(key, 0)).as("track file head reads").isEqualTo(1);
    } finally {
      OriginBehaviourTest.detach(HttpErrors.class.getName(), log);
      store.close();
    }
  }

  @Test
  void corruptVersion_afterTheVerdictTtl_judgedAgainOnce() throws Exception {
    BlobStore store = BlobStores.folder(folder);
    String key = publishTruncated(store);
    Duration ttl = Duration.ofMillis(300);
    OriginSettings settings =
        OriginSettings.defaults().withCaches(CacheSettings.DEFAULTS.withCorruptVerdictTtl(ttl));
    ListAppender<ILoggingEvent> log = OriginBehaviourTest.capture(HttpErrors.class.getName());
    try (TestOrigin origin = new TestOrigin(store, settings)) {
      String path = "/v1/" + ASSET + "/hls/index.m3u8";
      for (int i = 0; i < 3; i++) {
        assertThat(origin.get(path).statusCode()).isEqualTo(502);
      }
      assertThat(errors(log)).hasSize(1);
      assertThat(origin.store.reads(key, 0)).isEqualTo(1);

      Thread.sleep(ttl.multipliedBy(2).toMillis());
      for (int i = 0; i < 3; i++) {
        assertThat(origin.get(path).statusCode()).isEqualTo(502);
      }
      assertThat(errors(log)).as("one line per version per period").hasSize(2);
      assertThat(origin.store.reads(key, 0)).isEqualTo(2);
    } finally {
      OriginBehaviourTest.detach(HttpErrors.class.getName(), log);
      store.close();
    }
  }

  static List<ILoggingEvent> errors(ListAppender<ILoggingEvent> log) {
    return log.list.stream().filter(e -> e.getLevel() == Level.ERROR).toList();
  }
}
