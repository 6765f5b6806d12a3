package dev.prism.packager.resource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.prism.packager.MissingResourceException;
import dev.prism.packager.cmaf.RangeReader;
import dev.prism.packager.naming.InitSegmentRequest;
import dev.prism.packager.naming.MediaPlaylistRequest;
import dev.prism.packager.naming.MediaSegmentRequest;
import dev.prism.packager.naming.MpdRequest;
import dev.prism.packager.naming.MultivariantPlaylistRequest;
import dev.prism.packager.presentation.Presentation;
import dev.prism.packager.presentation.PresentationTrack;
import dev.prism.packager.segment.MediaSegment;
import dev.prism.packager.segment.SegmentBytes;
import dev.prism.packager.testing.Fixtures;
import dev.prism.packager.testing.Golden;
import dev.prism.packager.testing.Presentations;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The packager entry answers each request kind as the writers do (same golden files). */
class PackagerTest {
  private static final Presentation BBB = Presentations.bbb240();
  private static final Map<String, byte[]> FILES =
      Map.of(
          "video-240", Fixtures.bytes("bbb240/video-240.cmfv"),
          "video-120", Fixtures.bytes("bbb240/video-120.cmfv"),
          "audio-en", Fixtures.bytes("bbb240/audio-en.cmfa"));
  private static final PackagingSource SOURCE =
      new PackagingSource() {
        @Override
        public Presentation presentation() {
          return BBB;
        }

        @Override
        public RangeReader reader(PresentationTrack track) {
          return RangeReader.ofBytes(FILES.get(track.trackId()));
        }
      };
  private final Packager packager = new Packager(4000);

  @Test
  void resource_entryManifests_matchGoldenFilesAtTheEntryGrid() throws Exception {
    PackagedResource.Bytes hls =
        (PackagedResource.Bytes) packager.resource(new MultivariantPlaylistRequest("bbb"), SOURCE);
    PackagedResource.Bytes mpd =
        (PackagedResource.Bytes) packager.resource(new MpdRequest("bbb"), SOURCE);

    assertThat(hls.contentType()).isEqualTo(ContentTypes.HLS);
    assertThat(hls.identity()).isNull();
    Golden.assertMatches("bbb240-4000/index.m3u8", utf8(hls));
    assertThat(mpd.contentType()).isEqualTo(ContentTypes.DASH);
    Golden.assertMatches("bbb240-4000/index.mpd", utf8(mpd));
  }

  @Test
  void resource_mediaPlaylist_usesTheRequestsGrid() throws Exception {
    PackagedResource.Bytes playlist =
        (PackagedResource.Bytes)
            packager.resource(
                new MediaPlaylistRequest("bbb", "vfixture1", 2000, "audio-en"), SOURCE);

    assertThat(playlist.contentType()).isEqualTo(ContentTypes.HLS);
    Golden.assertMatches("bbb240-2000/audio-en.m3u8", utf8(playlist));
  }

  @Test
  void resource_initSegment_isTheHeaderBytesWithANameIdentity() throws Exception {
    PackagedResource.Bytes init =
        (PackagedResource.Bytes)
            packager.resource(new InitSegmentRequest("bbb", "vfixture1", "audio-en"), SOURCE);

    PresentationTrack track = BBB.track("audio-en");
    ByteBuffer expected =
        SegmentBytes.initSegment(track.index(), RangeReader.ofBytes(FILES.get("audio-en")));
    assertThat(ByteBuffer.wrap(init.bytes())).isEqualTo(expected);
    assertThat(init.contentType()).isEqualTo(ContentTypes.AUDIO_MP4);
    assertThat(init.identity()).isEqualTo("bbb/vfixture1/audio-en/init");
  }

  @Test
  void resource_mediaSegment_isRegionsOfTheTrackFile() throws Exception {
    PackagedResource.TrackRegions regions =
        (PackagedResource.TrackRegions)
            packager.resource(
                new MediaSegmentRequest("bbb", "vfixture1", "video-240", 4000, 2), SOURCE);

    MediaSegment expected = BBB.plan(4000).get("video-240").segment(2);
    assertThat(regions.trackId()).isEqualTo("video-240");
    assertThat(regions.ranges()).isEqualTo(expected.ranges());
    assertThat(regions.sizeBytes()).isEqualTo(expected.sizeBytes());
    assertThat(regions.contentType()).isEqualTo(ContentTypes.VIDEO_MP4);
    assertThat(regions.identity()).isEqualTo("bbb/vfixture1/video-240/4000/2");
  }

  @Test
  void resource_unknownTrackOrSegmentPastTheEnd_isMissing() {
    assertThatThrownBy(
            () -> packager.resource(new InitSegmentRequest("bbb", "vfixture1", "nope"), SOURCE))
        .isInstanceOf(MissingResourceException.class);
    assertThatThrownBy(
            () ->
                packager.resource(
                    new MediaSegmentRequest("bbb", "vfixture1", "video-240", 4000, 999), SOURCE))
        .isInstanceOf(MissingResourceException.class);
  }

  private static String utf8(PackagedResource.Bytes b) {
    return new String(b.bytes(), StandardCharsets.UTF_8);
  }
}
