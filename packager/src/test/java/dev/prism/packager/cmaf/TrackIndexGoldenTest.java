package dev.prism.packager.cmaf;

import dev.prism.packager.presentation.Presentation;
import dev.prism.packager.presentation.PresentationTrack;
import dev.prism.packager.testing.Golden;
import dev.prism.packager.testing.Presentations;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The index of every real track (fixtures and third-party streams) as a text dump against a golden
 * file, so any change in what the reader derives shows up as a reviewable diff.
 */
class TrackIndexGoldenTest {

  static Stream<Arguments> presentations() {
    return Stream.of(
        Arguments.of("bbb240", (Supplier<Presentation>) Presentations::bbb240),
        Arguments.of("croatia", (Supplier<Presentation>) Presentations::croatia),
        Arguments.of("hevc-ac3", (Supplier<Presentation>) Presentations::hevcAc3),
        Arguments.of("misc", (Supplier<Presentation>) Presentations::misc));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("presentations")
  void index_ofRealTracks_matchesGoldenDump(String name, Supplier<Presentation> presentation) {
    for (PresentationTrack t : presentation.get().tracks()) {
      Golden.assertMatches("index/" + name + "/" + t.trackId() + ".txt", dump(t.index()));
    }
  }

  /** A stable, line-oriented rendering of an index. */
  static String dump(TrackIndex index) {
    StringBuilder s = new StringBuilder();
    s.append("track ").append(index.trackName()).append('\n');
    s.append("type ").append(index.trackType().wireName()).append('\n');
    s.append("timescale ").append(index.timescale().ticksPerSecond()).append('\n');
    s.append("language ").append(index.language()).append('\n');
    s.append("sampleEntry ").append(index.sampleEntryType()).append('\n');
    s.append("codecs ").append(index.codecs()).append('\n');
    VideoFormat v = index.video();
    if (v != null) {
      s.append(
          String.format(
              Locale.ROOT,
              "video %dx%d sar %s fps %s%n",
              v.widthPixels(),
              v.heightPixels(),
              v.sampleAspectRatio().toRatioString(),
              v.frameRate().toFrameRateString()));
    }
    AudioFormat a = index.audio();
    if (a != null) {
      s.append(
          String.format(Locale.ROOT, "audio %d ch %d Hz%n", a.channelCount(), a.sampleRateHz()));
    }
    for (ByteRange r : index.initSegmentRanges()) {
      s.append("init ").append(r.offsetBytes()).append('+').append(r.lengthBytes()).append('\n');
    }
    s.append("file ").append(index.fileSizeBytes()).append('\n');
    s.append("fragments ").append(index.fragments().size()).append('\n');
    for (FragmentRef f : index.fragments()) {
      s.append(
          String.format(
              Locale.ROOT,
              "  @%d +%d t=%d d=%d%s%n",
              f.offsetBytes(),
              f.sizeBytes(),
              f.baseMediaDecodeTimeTicks(),
              f.durationTicks(),
              f.startsWithSyncSample() ? " sync" : ""));
    }
    return s.toString();
  }
}
