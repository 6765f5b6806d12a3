package dev.prism.loadtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.prism.loadtest.Manifests.Ladder;
import dev.prism.loadtest.Manifests.Rendition;
import java.net.URI;
import org.junit.jupiter.api.Test;

/** The manifests below are Prism's own output (packager golden files, bbb240 at 2000 ms). */
class ManifestsTest {
  private static final URI MULTIVARIANT = URI.create("http://127.0.0.1:8080/v1/bbb/hls/index.m3u8");
  private static final URI MPD = URI.create("http://127.0.0.1:8080/v1/bbb/dash/index.mpd");

  private static final String MULTIVARIANT_BODY =
      """
      #EXTM3U
      #EXT-X-VERSION:7
      #EXT-X-INDEPENDENT-SEGMENTS

      #EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="audio-mp4a",LANGUAGE="en",NAME="English",DEFAULT=YES,AUTOSELECT=YES,CHANNELS="2",URI="../vfixture1/hls/2000/audio-en.m3u8"

      #EXT-X-STREAM-INF:BANDWIDTH=174071,AVERAGE-BANDWIDTH=167795,CODECS="avc1.640c0d,mp4a.40.2",RESOLUTION=320x240,FRAME-RATE=24.000,AUDIO="audio-mp4a"
      ../vfixture1/hls/2000/video-240.m3u8

      #EXT-X-STREAM-INF:BANDWIDTH=103459,AVERAGE-BANDWIDTH=100670,CODECS="avc1.640c0b,mp4a.40.2",RESOLUTION=160x120,FRAME-RATE=24.000,AUDIO="audio-mp4a"
      ../vfixture1/hls/2000/video-120.m3u8
      """;

  private static final String MEDIA_BODY =
      """
      #EXTM3U
      #EXT-X-VERSION:7
      #EXT-X-TARGETDURATION:2
      #EXT-X-MEDIA-SEQUENCE:1
      #EXT-X-PLAYLIST-TYPE:VOD
      #EXT-X-INDEPENDENT-SEGMENTS
      #EXT-X-MAP:URI="../../video-120/init.mp4"
      #EXTINF:2,
      ../../video-120/2000/1.m4s
      #EXTINF:2,
      ../../video-120/2000/2.m4s
      #EXTINF:1.5,
      ../../video-120/2000/3.m4s
      #EXT-X-ENDLIST
      """;

  private static final String MPD_BODY =
      """
      <?xml version="1.0" encoding="UTF-8"?>
      <MPD xmlns="urn:mpeg:dash:schema:mpd:2011" type="static" mediaPresentationDuration="PT8.024S" minBufferTime="PT3S">
        <Period id="0" start="PT0S">
          <AdaptationSet id="0" contentType="video" mimeType="video/mp4" segmentAlignment="true" startWithSAP="1">
            <SegmentTemplate timescale="12288" initialization="../vfixture1/$RepresentationID$/init.mp4" media="../vfixture1/$RepresentationID$/2000/$Number$.m4s" startNumber="1">
              <SegmentTimeline>
                <S t="0" d="24576" r="3"/>
              </SegmentTimeline>
            </SegmentTemplate>
            <Representation id="video-240" bandwidth="121836" codecs="avc1.640c0d" width="320" height="240"/>
            <Representation id="video-120" bandwidth="51224" codecs="avc1.640c0b" width="160" height="120"/>
          </AdaptationSet>
          <AdaptationSet id="1" contentType="audio" mimeType="audio/mp4" lang="en">
            <SegmentTemplate timescale="44100" initialization="../vfixture1/$RepresentationID$/init.mp4" media="../vfixture1/$RepresentationID$/2000/$Number$.m4s" startNumber="1">
              <SegmentTimeline>
                <S t="0" d="89088" r="2"/>
                <S d="86560"/>
              </SegmentTimeline>
            </SegmentTemplate>
            <Representation id="audio-en" bandwidth="52235" codecs="mp4a.40.2" audioSamplingRate="44100"/>
          </AdaptationSet>
        </Period>
      </MPD>
      """;

  @Test
  void multivariantPlaylist_prismOutput_variantsAndDefaultAudioResolvedAgainstItsUrl() {
    Ladder ladder = Manifests.multivariantPlaylist(MULTIVARIANT_BODY, MULTIVARIANT);

    assertThat(ladder.video())
        .extracting(Rendition::id, Rendition::playlistUrl)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "video-240", "http://127.0.0.1:8080/v1/bbb/vfixture1/hls/2000/video-240.m3u8"),
            org.assertj.core.groups.Tuple.tuple(
                "video-120", "http://127.0.0.1:8080/v1/bbb/vfixture1/hls/2000/video-120.m3u8"));
    assertThat(ladder.audio()).isNotNull();
    assertThat(ladder.audio().playlistUrl())
        .isEqualTo("http://127.0.0.1:8080/v1/bbb/vfixture1/hls/2000/audio-en.m3u8");
    assertThat(ladder.video().get(0).complete()).isFalse();
  }

  @Test
  void withMediaPlaylist_prismOutput_initAndSegmentsWithDurations() {
    Rendition video =
        Manifests.multivariantPlaylist(MULTIVARIANT_BODY, MULTIVARIANT).video().get(1);

    Rendition complete = video.withMediaPlaylist(MEDIA_BODY);

    assertThat(complete.initUrl())
        .isEqualTo("http://127.0.0.1:8080/v1/bbb/vfixture1/video-120/init.mp4");
    assertThat(complete.segmentUrls())
        .containsExactly(
            "http://127.0.0.1:8080/v1/bbb/vfixture1/video-120/2000/1.m4s",
            "http://127.0.0.1:8080/v1/bbb/vfixture1/video-120/2000/2.m4s",
            "http://127.0.0.1:8080/v1/bbb/vfixture1/video-120/2000/3.m4s");
    assertThat(complete.segmentMs()).containsExactly(2000L, 2000L, 1500L);
  }

  @Test
  void mpd_prismOutput_sameSegmentUrlsAsHlsForEachRepresentation() {
    Ladder ladder = Manifests.mpd(MPD_BODY, MPD);

    assertThat(ladder.video()).extracting(Rendition::id).containsExactly("video-240", "video-120");
    Rendition low = ladder.video().get(1);
    assertThat(low.initUrl())
        .isEqualTo("http://127.0.0.1:8080/v1/bbb/vfixture1/video-120/init.mp4");
    assertThat(low.segmentUrls())
        .hasSize(4)
        .startsWith("http://127.0.0.1:8080/v1/bbb/vfixture1/video-120/2000/1.m4s")
        .endsWith("http://127.0.0.1:8080/v1/bbb/vfixture1/video-120/2000/4.m4s");
    assertThat(low.segmentMs()).containsOnly(2000L);
    assertThat(ladder.audio()).isNotNull();
    assertThat(ladder.audio().segmentUrls()).hasSize(4);
    assertThat(ladder.audio().segmentMs()).containsExactly(2020L, 2020L, 2020L, 1962L);
  }

  @Test
  void parsers_notAManifest_refuse() {
    assertThatThrownBy(() -> Manifests.multivariantPlaylist("<html>403</html>", MULTIVARIANT))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Manifests.mpd("<html>403</html>", MPD))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Manifests.mediaPlaylist("#EXTM3U\n", MULTIVARIANT))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
