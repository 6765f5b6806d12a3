package dev.prism.packager;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prism.packager.cmaf.TrackType;
import dev.prism.packager.dash.MpdWriter;
import dev.prism.packager.hls.MediaPlaylistWriter;
import dev.prism.packager.hls.MultivariantPlaylistWriter;
import dev.prism.packager.naming.ResourceNaming;
import dev.prism.packager.presentation.Presentation;
import dev.prism.packager.presentation.PresentationTrack;
import dev.prism.packager.segment.SegmentPlan;
import dev.prism.packager.testing.Golden;
import dev.prism.packager.testing.Presentations;
import io.lindstrom.m3u8.model.AlternativeRendition;
import io.lindstrom.m3u8.model.MasterPlaylist;
import io.lindstrom.m3u8.model.MediaPlaylist;
import io.lindstrom.m3u8.model.MediaSegment;
import io.lindstrom.m3u8.model.Variant;
import io.lindstrom.m3u8.parser.MasterPlaylistParser;
import io.lindstrom.m3u8.parser.MediaPlaylistParser;
import io.lindstrom.m3u8.parser.ParsingMode;
import io.lindstrom.mpd.MPDParser;
import io.lindstrom.mpd.data.AdaptationSet;
import io.lindstrom.mpd.data.MPD;
import io.lindstrom.mpd.data.Representation;
import io.lindstrom.mpd.data.Segment;
import io.lindstrom.mpd.data.SegmentTemplate;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every manifest against its golden file, and re-parsed by independent parsers (io.lindstrom
 * m3u8-parser in STRICT mode, mpd-parser) with semantic checks: HLS and DASH agree on segment
 * count, on every segment's URL, and on each track's total duration to the tick.
 */
class ManifestRoundTripTest {
  private static final String HOST = "https://d111.cloudfront.net";

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("bbb240-4000", (Supplier<Presentation>) Presentations::bbb240, 4000L),
        Arguments.of("bbb240-2000", (Supplier<Presentation>) Presentations::bbb240, 2000L),
        Arguments.of("croatia-2000", (Supplier<Presentation>) Presentations::croatia, 2000L),
        Arguments.of("hevc-ac3-6000", (Supplier<Presentation>) Presentations::hevcAc3, 6000L),
        Arguments.of(
            "synthetic2997-6000", (Supplier<Presentation>) Presentations::synthetic2997, 6000L),
        Arguments.of("audio-only-6000", (Supplier<Presentation>) Presentations::audioOnly, 6000L),
        Arguments.of(
            "mixed-timescales-4000",
            (Supplier<Presentation>) Presentations::mixedTimescales,
            4000L));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void manifests_matchGoldenAndReparseConsistently(
      String name, Supplier<Presentation> presentationSupplier, long segMs) throws Exception {
    Presentation p = presentationSupplier.get();
    Map<String, SegmentPlan> plans = p.plan(segMs);

    String multivariant = MultivariantPlaylistWriter.write(p, segMs);
    String mpdText = MpdWriter.write(p, segMs);
    Golden.assertMatches(name + "/index.m3u8", multivariant);
    Golden.assertMatches(name + "/index.mpd", mpdText);
    Map<String, MediaPlaylist> mediaPlaylists = new HashMap<>();
    for (PresentationTrack t : p.tracks()) {
      String text = MediaPlaylistWriter.write(p, t.trackId(), segMs);
      Golden.assertMatches(name + "/" + t.trackId() + ".m3u8", text);
      mediaPlaylists.put(
          t.trackId(), new MediaPlaylistParser(ParsingMode.STRICT).readPlaylist(text));
    }

    URI multivariantUrl = URI.create(HOST + ResourceNaming.multivariantPlaylistPath(p.assetId()));
    URI mpdUrl = URI.create(HOST + ResourceNaming.mpdPath(p.assetId()));
    MasterPlaylist parsedMultivariant =
        new MasterPlaylistParser(ParsingMode.STRICT).readPlaylist(multivariant);
    MPD mpd = new MPDParser().parse(mpdText);

    // Multivariant playlist: every URI resolves to a media playlist path; counts and codecs.
    List<PresentationTrack> videos = p.tracksOf(TrackType.VIDEO);
    List<PresentationTrack> audios = p.tracksOf(TrackType.AUDIO);
    assertThat(parsedMultivariant.alternativeRenditions())
        .hasSize(videos.isEmpty() ? 0 : audios.size());
    for (AlternativeRendition r : parsedMultivariant.alternativeRenditions()) {
      String trackId =
          trackIdOf(multivariantUrl.resolve(r.uri().orElseThrow()).getPath(), p, segMs);
      PresentationTrack t = p.track(trackId);
      assertThat(r.channels().orElseThrow().count()).isEqualTo(t.index().audio().channelCount());
    }
    long audioGroups =
        parsedMultivariant.alternativeRenditions().stream()
            .map(AlternativeRendition::groupId)
            .distinct()
            .count();
    assertThat(parsedMultivariant.variants())
        .hasSize(
            videos.isEmpty() ? audios.size() : (int) (videos.size() * Math.max(1, audioGroups)));
    for (Variant v : parsedMultivariant.variants()) {
      String trackId = trackIdOf(multivariantUrl.resolve(v.uri()).getPath(), p, segMs);
      PresentationTrack t = p.track(trackId);
      assertThat(v.codecs()).contains(t.index().codecs());
      if (t.type() == TrackType.VIDEO) {
        assertThat(v.resolution().orElseThrow().width()).isEqualTo(t.index().video().widthPixels());
      }
      assertThat(v.bandwidth()).isGreaterThanOrEqualTo(plans.get(trackId).peakBitrateBps());
      assertThat(v.averageBandwidth().orElseThrow()).isLessThanOrEqualTo(v.bandwidth());
    }

    // MPD: one Representation per track, same codecs; HLS == DASH per track.
    assertThat(mpd.getMediaPresentationDuration()).isPositive();
    Map<String, Representation> representations = new HashMap<>();
    Map<String, SegmentTemplate> templates = new HashMap<>();
    for (AdaptationSet set : mpd.getPeriods().get(0).getAdaptationSets()) {
      assertThat(set.getSegmentAlignment()).isEqualTo("true");
      for (Representation r : set.getRepresentations()) {
        representations.put(r.getId(), r);
        templates.put(
            r.getId(),
            r.getSegmentTemplate() != null ? r.getSegmentTemplate() : set.getSegmentTemplate());
      }
    }
    assertThat(representations.keySet())
        .containsExactlyInAnyOrderElementsOf(
            p.tracks().stream().map(PresentationTrack::trackId).toList());

    for (PresentationTrack t : p.tracks()) {
      SegmentPlan plan = plans.get(t.trackId());
      long timescale = t.index().timescale().ticksPerSecond();
      Representation rep = representations.get(t.trackId());
      SegmentTemplate template = templates.get(t.trackId());
      assertThat(rep.getCodecs()).isEqualTo(t.index().codecs());
      assertThat(template.getTimescale()).isEqualTo(timescale);
      assertThat(template.getStartNumber()).isEqualTo(1L);

      List<long[]> dash = expand(template.getSegmentTimeline());
      MediaPlaylist hls = mediaPlaylists.get(t.trackId());
      assertThat(hls.mediaSegments()).hasSize(dash.size()).hasSize(plan.segments().size());

      long dashTotal = dash.get(dash.size() - 1)[0] + dash.get(dash.size() - 1)[1] - dash.get(0)[0];
      long hlsTotal = 0;
      for (MediaSegment s : hls.mediaSegments()) {
        hlsTotal +=
            BigDecimal.valueOf(s.duration())
                .multiply(BigDecimal.valueOf(timescale))
                .setScale(0, RoundingMode.HALF_UP)
                .longValueExact();
      }
      assertThat(hlsTotal).as("summed EXTINF of %s in ticks", t.trackId()).isEqualTo(dashTotal);
      assertThat(dashTotal).isEqualTo(plan.durationTicks()).isEqualTo(t.index().durationTicks());

      // RFC 8216 §4.3.3.1: round(EXTINF) <= EXT-X-TARGETDURATION.
      for (MediaSegment s : hls.mediaSegments()) {
        assertThat(Math.round(s.duration())).isLessThanOrEqualTo(hls.targetDuration());
      }
      assertThat(hls.mediaSequence()).isEqualTo(1);

      URI mediaPlaylistUrl =
          URI.create(
              HOST
                  + ResourceNaming.mediaPlaylistPath(p.assetId(), p.version(), segMs, t.trackId()));
      for (int i = 0; i < dash.size(); i++) {
        String dashUri =
            template
                .getMedia()
                .replace("$RepresentationID$", t.trackId())
                .replace("$Number$", Long.toString(i + 1));
        URI fromDash = mpdUrl.resolve(dashUri);
        URI fromHls = mediaPlaylistUrl.resolve(hls.mediaSegments().get(i).uri());
        assertThat(fromHls).isEqualTo(fromDash);
        assertThat(fromHls.getPath())
            .isEqualTo(
                ResourceNaming.mediaSegmentPath(
                    p.assetId(), p.version(), t.trackId(), segMs, i + 1));
      }
      URI initFromDash =
          mpdUrl.resolve(template.getInitialization().replace("$RepresentationID$", t.trackId()));
      URI initFromHls =
          mediaPlaylistUrl.resolve(hls.mediaSegments().get(0).segmentMap().orElseThrow().uri());
      assertThat(initFromHls)
          .isEqualTo(initFromDash)
          .hasPath(ResourceNaming.initSegmentPath(p.assetId(), p.version(), t.trackId()));
    }
  }

  private static String trackIdOf(String mediaPlaylistPath, Presentation p, long segMs) {
    for (PresentationTrack t : p.tracks()) {
      if (ResourceNaming.mediaPlaylistPath(p.assetId(), p.version(), segMs, t.trackId())
          .equals(mediaPlaylistPath)) {
        return t.trackId();
      }
    }
    throw new AssertionError("no track for " + mediaPlaylistPath);
  }

  /** DASH §5.3.9.6: (t, d, r) runs → one (start, duration) per segment. */
  private static List<long[]> expand(List<Segment> timeline) {
    List<long[]> out = new ArrayList<>();
    long next = 0;
    for (Segment s : timeline) {
      long t = s.getT() != null ? s.getT() : next;
      long r = s.getR() != null ? s.getR() : 0;
      for (long i = 0; i <= r; i++) {
        out.add(new long[] {t, s.getD()});
        t += s.getD();
      }
      next = t;
    }
    return out;
  }
}
