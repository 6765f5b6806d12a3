package dev.prism.transcoder;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prism.packager.cmaf.TrackIndex;
import dev.prism.store.BlobStore;
import dev.prism.store.BlobStores;
import dev.prism.store.contract.AssetKeys;
import dev.prism.transcoder.testing.MediaFixtures;
import dev.prism.transcoder.testing.SegmentedTracks;
import dev.prism.transcoder.testing.TranscodedFixture;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A phone-style rotated mezzanine comes out upright, in portrait, never upscaled. */
class TranscoderRotationTest {
  @TempDir Path dir;

  @Test
  void transcode_silentClipRotated90_encodesPortraitVideoOnlyLadder() throws Exception {
    // 2 s of the 854x480 fixture source, stream-copied with a 90 degree display matrix, no audio.
    Path rotated = dir.resolve("rotated.mp4");
    MediaFixtures.ffmpeg(
        "-display_rotation",
        "90",
        "-i",
        TranscodedFixture.get().source().toString(),
        "-t",
        "2",
        "-map",
        "0:v",
        "-c",
        "copy",
        rotated.toString());
    MediaProbe probe = new MediaProber(FfmpegTools.bundled()).probe(rotated);
    assertThat(probe.video().rotationDegrees()).isEqualTo(90);
    assertThat(probe.video().interlaced()).isFalse();
    assertThat(probe.audio()).isEmpty();

    try (BlobStore store = BlobStores.folder(dir.resolve("store"))) {
      PublishedVersion v =
          Transcoder.transcode(
              TranscodeRequest.of(rotated, "portrait").withWorkDir(dir.resolve("work")),
              store,
              e -> {});
      // Display size 480x854: no rung within 10% of 854, so 854 is the top; 720 and below follow.
      assertThat(v.ladder().tracks())
          .extracting(t -> t.id())
          .containsExactly("v854", "v720", "v540", "v360", "v240");
      List<String> sizes =
          v.ladder().tracks().stream()
              .filter(t -> t.id().startsWith("v"))
              .map(
                  t -> {
                    TrackIndex index =
                        SegmentedTracks.index(
                            store, AssetKeys.trackFile("portrait", v.version(), t.file()));
                    return index.video().widthPixels() + "x" + index.video().heightPixels();
                  })
              .toList();
      assertThat(sizes).containsExactly("480x854", "404x720", "304x540", "202x360", "134x240");
    }
  }

  @Test
  void filterGraph_interlacedSource_deinterlacesOnceBeforeTheSplit() {
    LadderPlan plan =
        new LadderPlan(
            List.of(
                new LadderPlan.VideoRendition("v1080", 1920, 1080, 6_000_000),
                new LadderPlan.VideoRendition("v720", 1280, 720, 3_500_000)),
            List.of(),
            "libopenh264",
            GopPlan.of(new MediaProbe.Rational(25, 1), 2000),
            /* deinterlace= */ true);
    assertThat(EncodeCommand.filterGraph(plan, 0))
        .startsWith("[0:0]bwdif=mode=send_frame,split=2[s0][s1];");
  }
}
