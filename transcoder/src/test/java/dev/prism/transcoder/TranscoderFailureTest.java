package dev.prism.transcoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.prism.store.BlobStore;
import dev.prism.store.BlobStoreException;
import dev.prism.store.BlobStores;
import dev.prism.store.ForwardingBlobStore;
import dev.prism.store.contract.AssetKeys;
import dev.prism.store.contract.ContractJson;
import dev.prism.transcoder.testing.MediaFixtures;
import dev.prism.transcoder.testing.StoreSnapshot;
import dev.prism.transcoder.testing.TranscodedFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Refusals, kills and store failures leave the previous version published and nothing else. */
class TranscoderFailureTest {
  @TempDir Path dir;

  private Path privateStore() {
    return StoreSnapshot.copy(TranscodedFixture.get().storeRoot(), dir.resolve("store"));
  }

  @Test
  void transcode_notMedia_failsAtOnceAndLeavesStoreUnchanged() throws Exception {
    Path root = privateStore();
    Map<String, String> before = StoreSnapshot.of(root);
    Path input = MediaFixtures.notMedia(dir);
    try (BlobStore store = BlobStores.folder(root)) {
      assertThatThrownBy(
              () -> Transcoder.transcode(TranscodeRequest.of(input, "bbb"), store, e -> {}))
          .isInstanceOfSatisfying(
              TranscodeException.class,
              e -> assertThat(e.reason()).isEqualTo(TranscodeException.Reason.NOT_MEDIA))
          .hasMessageContaining("not-media.mp4 is not a media file FFmpeg can read")
          .hasMessageContaining("Invalid data found when processing input");
    }
    assertThat(StoreSnapshot.of(root)).isEqualTo(before);
  }

  @Test
  void transcode_hlsPlaylistInput_isRefusedAsNotMedia() throws Exception {
    // An HLS playlist pointing at another local file: FFmpeg would follow it without the input
    // whitelists, so a mezzanine could pull in any file the transcoder can read.
    Path input = dir.resolve("playlist.m3u8");
    Files.writeString(
        input,
        "#EXTM3U\n#EXT-X-TARGETDURATION:10\n#EXTINF:10,\nfile:"
            + MediaFixtures.clip(MediaFixtures.BBB_480P)
            + "\n#EXT-X-ENDLIST\n");
    Path root = privateStore();
    Map<String, String> before = StoreSnapshot.of(root);
    try (BlobStore store = BlobStores.folder(root)) {
      assertThatThrownBy(
              () -> Transcoder.transcode(TranscodeRequest.of(input, "bbb"), store, e -> {}))
          .isInstanceOfSatisfying(
              TranscodeException.class,
              e -> assertThat(e.reason()).isEqualTo(TranscodeException.Reason.NOT_MEDIA));
    }
    assertThat(StoreSnapshot.of(root)).isEqualTo(before);
  }

  @Test
  void transcode_audioOnly_failsWithNoVideoAndLeavesStoreUnchanged() throws Exception {
    Path root = privateStore();
    Map<String, String> before = StoreSnapshot.of(root);
    Path input = MediaFixtures.audioOnly(dir);
    try (BlobStore store = BlobStores.folder(root)) {
      assertThatThrownBy(
              () -> Transcoder.transcode(TranscodeRequest.of(input, "bbb"), store, e -> {}))
          .isInstanceOfSatisfying(
              TranscodeException.class,
              e -> assertThat(e.reason()).isEqualTo(TranscodeException.Reason.NO_VIDEO))
          .hasMessageContaining("tone-audio-only.m4a has no video stream (streams: [audio/aac])");
    }
    assertThat(StoreSnapshot.of(root)).isEqualTo(before);
  }

  @Test
  void transcode_interruptedMidEncode_killsFfmpegAndLeavesPriorVersionPublished() throws Exception {
    Path root = privateStore();
    Map<String, String> before = StoreSnapshot.of(root);
    Path work = Files.createDirectories(dir.resolve("work"));
    // The full 30 s clip: a different input, so a different version, and an encode of seconds.
    Path input = MediaFixtures.clip(MediaFixtures.BBB_480P);
    AtomicReference<Thread> worker = new AtomicReference<>();
    AtomicReference<ProgressEvent> seen = new AtomicReference<>();
    CompletableFuture<Throwable> outcome = new CompletableFuture<>();
    try (BlobStore store = BlobStores.folder(root)) {
      Thread t =
          new Thread(
              () -> {
                try {
                  Transcoder.transcode(
                      TranscodeRequest.of(input, "bbb").withWorkDir(work),
                      store,
                      e -> {
                        if (e.stage() == ProgressEvent.Stage.ENCODING
                            && e.processedUs() > 0
                            && seen.compareAndSet(null, e)) {
                          worker.get().interrupt();
                        }
                      });
                  outcome.complete(null);
                } catch (Throwable e) {
                  outcome.complete(e);
                }
              });
      worker.set(t);
      t.start();
      assertThat(outcome.get()).isInstanceOf(InterruptedException.class);
    }
    assertThat(seen.get().percent()).isBetween(0.0, 99.0);
    assertThat(ffmpegChildren()).isEmpty();
    try (Stream<Path> left = Files.list(work)) {
      assertThat(left).as("temporary files removed").isEmpty();
    }
    assertThat(StoreSnapshot.of(root)).isEqualTo(before);
  }

  @Test
  void transcode_ffmpegKilledFromOutside_failsAndLeavesPriorVersionPublished() throws Exception {
    Path root = privateStore();
    Map<String, String> before = StoreSnapshot.of(root);
    Path input = MediaFixtures.clip(MediaFixtures.BBB_480P);
    AtomicReference<Boolean> killed = new AtomicReference<>(false);
    try (BlobStore store = BlobStores.folder(root)) {
      assertThatThrownBy(
              () ->
                  Transcoder.transcode(
                      TranscodeRequest.of(input, "bbb").withWorkDir(dir.resolve("work")),
                      store,
                      e -> {
                        if (e.stage() == ProgressEvent.Stage.ENCODING
                            && e.processedUs() > 0
                            && !killed.getAndSet(true)) {
                          ffmpegChildren().forEach(ProcessHandle::destroyForcibly);
                        }
                      }))
          .isInstanceOfSatisfying(
              TranscodeException.class,
              e -> assertThat(e.reason()).isEqualTo(TranscodeException.Reason.ENCODE_FAILED))
          .hasMessageContaining("ffmpeg exited with status 137 (killed by signal 9)");
    }
    assertThat(StoreSnapshot.of(root)).isEqualTo(before);
  }

  @Test
  void transcode_storeFailsBeforeAssetJson_removesNewVersionAndKeepsPrior() throws Exception {
    Path root = privateStore();
    Map<String, String> before = StoreSnapshot.of(root);
    // Another encode of the same input (a 4 s grid): a new version, refused at ladder.json.
    TranscodeRequest request =
        TranscodeRequest.of(TranscodedFixture.get().source(), "bbb").withFragmentDurationMs(4000);
    try (BlobStore failing = new FailingStore(BlobStores.folder(root), "ladder.json")) {
      assertThatThrownBy(() -> Transcoder.transcode(request, failing, e -> {}))
          .isInstanceOfSatisfying(
              TranscodeException.class,
              e -> assertThat(e.reason()).isEqualTo(TranscodeException.Reason.STORE_FAILED))
          .hasMessageContaining("ladder.json");
    }
    assertThat(StoreSnapshot.of(root)).isEqualTo(before);
  }

  @Test
  void transcode_sameInputSameWay_isNoOpAndNewTitleOnlyRewritesAssetJson() throws Exception {
    Path root = privateStore();
    TranscodedFixture f = TranscodedFixture.get();
    Map<String, String> before = StoreSnapshot.of(root);
    try (BlobStore store = BlobStores.folder(root)) {
      PublishedVersion again =
          Transcoder.transcode(TranscodeRequest.of(f.source(), "bbb"), store, e -> {});
      assertThat(again.outcome()).isEqualTo(PublishedVersion.Outcome.UNCHANGED);
      assertThat(again.version()).isEqualTo(f.version());
      assertThat(StoreSnapshot.of(root)).isEqualTo(before);

      PublishedVersion retitled =
          Transcoder.transcode(
              TranscodeRequest.of(f.source(), "bbb").withTitle("Renamed"), store, e -> {});
      assertThat(retitled.outcome()).isEqualTo(PublishedVersion.Outcome.REPUBLISHED);
      Map<String, String> after = StoreSnapshot.of(root);
      after.keySet().removeIf(k -> k.equals("bbb/asset.json"));
      Map<String, String> expected = new java.util.TreeMap<>(before);
      expected.remove("bbb/asset.json");
      assertThat(after).isEqualTo(expected);
      var asset = ContractJson.readAsset(store.readAll(AssetKeys.assetJson("bbb")).join());
      assertThat(asset.title()).isEqualTo("Renamed");
      assertThat(asset.policy()).isEqualTo(f.published().asset().policy());
    }
  }

  private static List<ProcessHandle> ffmpegChildren() {
    return ProcessHandle.current()
        .descendants()
        .filter(p -> p.info().command().map(c -> c.endsWith("/ffmpeg")).orElse(false))
        .toList();
  }

  /** A store whose writes of keys ending in {@code failSuffix} fail, as a broken network would. */
  private static final class FailingStore extends ForwardingBlobStore {
    private final String failSuffix;

    FailingStore(BlobStore delegate, String failSuffix) {
      super(delegate);
      this.failSuffix = failSuffix;
    }

    @Override
    public CompletableFuture<Void> write(String key, byte[] data) {
      if (key.endsWith(failSuffix)) {
        return CompletableFuture.failedFuture(
            new BlobStoreException("injected failure writing " + key, null));
      }
      return super.write(key, data);
    }

    @Override
    public String describe() {
      return "failing(" + super.describe() + ")";
    }
  }
}
