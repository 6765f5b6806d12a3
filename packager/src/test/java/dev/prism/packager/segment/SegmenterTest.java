package dev.prism.packager.segment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.prism.packager.MalformedMediaException;
import dev.prism.packager.MisalignedTracksException;
import dev.prism.packager.MissingResourceException;
import dev.prism.packager.cmaf.AudioFormat;
import dev.prism.packager.cmaf.ByteRange;
import dev.prism.packager.cmaf.FragmentRef;
import dev.prism.packager.cmaf.Rational;
import dev.prism.packager.cmaf.Timescale;
import dev.prism.packager.cmaf.TrackIndex;
import dev.prism.packager.cmaf.TrackType;
import dev.prism.packager.cmaf.VideoFormat;
import dev.prism.packager.dash.SegmentTimeline;
import dev.prism.packager.presentation.Presentation;
import dev.prism.packager.testing.Presentations;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SegmenterTest {

  @Test
  void plan_2sFragmentsAt6s_threeFragmentsPerSegmentOneByteRange() throws Exception {
    TrackIndex track = video("v", 12_288, fragments(0, 10, 24_576, 1000, 0));

    SegmentPlan plan = Segmenter.plan(track, 6000);

    assertThat(plan.segments()).hasSize(4);
    MediaSegment first = plan.segments().get(0);
    assertThat(first.number()).isEqualTo(1);
    assertThat(first.fragmentCount()).isEqualTo(3);
    assertThat(first.ranges()).containsExactly(new ByteRange(1000, 3 * 1000));
    assertThat(plan.segments().get(3).fragmentCount()).isEqualTo(1);
    assertThat(plan.segment(4).startTicks()).isEqualTo(9 * 24_576);
  }

  @Test
  void plan_2002msGopsAt6s_gridKeepsThreeFragmentsPerSegment() throws Exception {
    // 29.97 fps, 60-frame GOPs: fragment k starts at 2.002 k s; 6.006 still falls in [6, 12).
    TrackIndex track = video("v", 30_000, fragments(0, 30, 60_060, 500, 0));

    SegmentPlan plan = Segmenter.plan(track, 6000);

    assertThat(plan.segments()).hasSize(10).allMatch(s -> s.fragmentCount() == 3);
  }

  @Test
  void plan_fragmentsLongerThanSegMs_numbersWithoutGaps() throws Exception {
    TrackIndex track = video("v", 1000, fragments(0, 4, 5000, 100, 0));

    SegmentPlan plan = Segmenter.plan(track, 2000);

    assertThat(plan.segments()).extracting(MediaSegment::number).containsExactly(1L, 2L, 3L, 4L);
  }

  @Test
  void plan_fragmentWithoutSyncSample_joinsThePreviousSegment() throws Exception {
    List<FragmentRef> f = new ArrayList<>(fragments(0, 4, 2000, 100, 0));
    f.set(2, new FragmentRef(f.get(2).offsetBytes(), 100, 4000, 2000, false));
    TrackIndex track = video("v", 1000, f);

    SegmentPlan plan = Segmenter.plan(track, 2000);

    assertThat(plan.segments()).extracting(MediaSegment::fragmentCount).containsExactly(1, 2, 1);
    assertThat(plan.segments())
        .extracting(MediaSegment::startTicks)
        .containsExactly(0L, 2000L, 6000L);
  }

  @Test
  void plan_videoStartingWithoutSyncSample_isMalformedAtTheFirstFragment() {
    List<FragmentRef> f = new ArrayList<>(fragments(0, 4, 2000, 100, 0));
    f.set(0, new FragmentRef(f.get(0).offsetBytes(), 100, 0, 2000, false));
    TrackIndex track = video("v", 1000, f);

    MalformedMediaException e =
        catchThrowableOfType(MalformedMediaException.class, () -> Segmenter.plan(track, 2000));

    assertThat(e.offsetBytes()).isEqualTo(f.get(0).offsetBytes());
    assertThat(e).hasMessageContaining("sync sample");
  }

  @Test
  void plan_oneFramePerFragmentGpacTrack_cutsOnlyAtKeyframes() throws Exception {
    // CTA WAVE croatia, the 4 s committed: 100 one-frame fragments, a keyframe every second.
    TrackIndex track = Presentations.croatia().tracks().get(0).index();

    // A 2.5 s grid: cells [0,2.5) [2.5,5); 2.5 s is no keyframe, so the second segment starts at
    // the 3 s keyframe.
    SegmentPlan plan = Segmenter.plan(track, 2500);

    assertThat(plan.segments())
        .extracting(MediaSegment::startTicks)
        .containsExactly(0L, 3 * 12_800L);
    assertThat(plan.durationTicks()).isEqualTo(track.durationTicks());
    for (MediaSegment s : plan.segments()) {
      assertThat(track.fragments().get(s.firstFragmentIndex()).startsWithSyncSample()).isTrue();
    }

    // A 1.75 s grid: cells [0,1.75) [1.75,3.5) [3.5,5.25); the second starts at the 2 s keyframe;
    // the frames after 3.5 s have no keyframe and stay in the second segment, to the end.
    SegmentPlan finer = Segmenter.plan(track, 1750);

    assertThat(finer.segments())
        .extracting(MediaSegment::startTicks)
        .containsExactly(0L, 2 * 12_800L);
    assertThat(finer.durationTicks()).isEqualTo(track.durationTicks());
    for (MediaSegment s : finer.segments()) {
      assertThat(track.fragments().get(s.firstFragmentIndex()).startsWithSyncSample()).isTrue();
    }
  }

  @Test
  void segment_pastTheEnd_isMissing() throws Exception {
    SegmentPlan plan = Segmenter.plan(video("v", 1000, fragments(0, 2, 2000, 100, 0)), 2000);

    assertThat(catchThrowableOfType(MissingResourceException.class, () -> plan.segment(3)))
        .hasMessageContaining("1..2");
    assertThat(catchThrowableOfType(MissingResourceException.class, () -> plan.segment(0)))
        .isNotNull();
  }

  @Test
  void checkAligned_differentTimescalesSameInstants_passes() throws Exception {
    SegmentPlan a = Segmenter.plan(video("a", 12_288, fragments(0, 5, 24_576, 100, 0)), 2000);
    SegmentPlan b = Segmenter.plan(video("b", 90_000, fragments(0, 5, 180_000, 100, 0)), 2000);

    Segmenter.checkAligned(List.of(a, b));
  }

  @Test
  void checkAligned_boundaryMovedByOneFrame_namesTracksAndFirstDifferingTime() throws Exception {
    List<FragmentRef> shifted = new ArrayList<>();
    long t = 0;
    long[] durations = {24_576, 24_576, 24_576 + 512, 24_576 - 512, 24_576};
    for (int i = 0; i < durations.length; i++) {
      shifted.add(new FragmentRef(100L * i + 10, 100, t, durations[i], true));
      t += durations[i];
    }
    SegmentPlan a =
        Segmenter.plan(video("video-480", 12_288, fragments(0, 5, 24_576, 100, 0)), 2000);
    SegmentPlan b = Segmenter.plan(video("video-240", 12_288, shifted), 2000);

    MisalignedTracksException e =
        catchThrowableOfType(
            MisalignedTracksException.class, () -> Segmenter.checkAligned(List.of(a, b)));

    assertThat(e.firstTrackName()).isEqualTo("video-480");
    assertThat(e.secondTrackName()).isEqualTo("video-240");
    assertThat(e.segmentNumber()).isEqualTo(4);
    assertThat(e.firstDifferingTimeUs()).isEqualTo(6_000_000);
    assertThat(e).hasMessageContaining("video-480").hasMessageContaining("video-240");
  }

  @Test
  void presentationPlan_misalignedRenditions_refused() {
    TrackIndex a = video("a", 1000, fragments(0, 6, 2000, 100, 0));
    TrackIndex b = video("b", 1000, fragments(0, 4, 3000, 100, 0));
    Presentation p =
        new Presentation(
            "x",
            "v1",
            List.of(
                Presentations.track("a", null, null, a), Presentations.track("b", null, null, b)));

    assertThat(catchThrowableOfType(MisalignedTracksException.class, () -> p.plan(2000)))
        .hasMessageContaining("tracks a and b");
  }

  static Stream<Arguments> seeds() {
    long base = Long.getLong("property.seed", 1234L);
    return Stream.iterate(base, s -> s + 1).limit(50).map(Arguments::of);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void plan_randomTracks_invariantsHold(long seed) throws Exception {
    SplittableRandom random = new SplittableRandom(seed);
    long timescale = new long[] {1000, 12_288, 44_100, 48_000, 90_000}[random.nextInt(5)];
    long segMs = 1000 + random.nextInt(10) * 1000L;
    long start = random.nextInt(3) == 0 ? random.nextLong(1, 1L << 33) : 0;
    List<FragmentRef> fragments = new ArrayList<>();
    long t = start;
    long offset = 900;
    int count = 1 + random.nextInt(300);
    for (int i = 0; i < count; i++) {
      long d = 1 + random.nextLong(timescale * 4);
      int size = 8 + random.nextInt(100_000);
      fragments.add(new FragmentRef(offset, size, t, d, true));
      t += d;
      offset += size;
    }
    TrackIndex track = audio("a", timescale, fragments);

    SegmentPlan plan = Segmenter.plan(track, segMs);

    // 1. Σ durations == track duration; contiguous, numbered 1..n; every fragment used once.
    long sum = 0;
    long bytes = 0;
    int used = 0;
    for (int i = 0; i < plan.segments().size(); i++) {
      MediaSegment s = plan.segments().get(i);
      assertThat(s.number()).isEqualTo(i + 1);
      sum += s.durationTicks();
      bytes += s.sizeBytes();
      assertThat(s.firstFragmentIndex()).isEqualTo(used);
      used += s.fragmentCount();
      assertThat(s.ranges()).hasSize(1);
      if (i > 0) {
        assertThat(s.startTicks()).isEqualTo(plan.segments().get(i - 1).endTicks());
      }
      // 2. The segment's fragments all start in one grid cell, and cells strictly increase.
      long cellFirst = cell(s.startTicks() - start, timescale, segMs);
      FragmentRef last = fragments.get(s.firstFragmentIndex() + s.fragmentCount() - 1);
      assertThat(cell(last.baseMediaDecodeTimeTicks() - start, timescale, segMs))
          .isEqualTo(cellFirst);
      if (i + 1 < plan.segments().size()) {
        assertThat(cell(plan.segments().get(i + 1).startTicks() - start, timescale, segMs))
            .isGreaterThan(cellFirst);
      }
    }
    assertThat(used).isEqualTo(count);
    assertThat(sum).isEqualTo(track.durationTicks()).isEqualTo(plan.durationTicks());
    assertThat(bytes).isEqualTo(offset - 900);

    // 4. DASH runs expand back to exactly the segments.
    List<long[]> expanded = SegmentTimeline.expand(SegmentTimeline.toRuns(plan));
    assertThat(expanded).hasSize(plan.segments().size());
    for (int i = 0; i < expanded.size(); i++) {
      assertThat(expanded.get(i))
          .containsExactly(
              plan.segments().get(i).startTicks(), plan.segments().get(i).durationTicks());
    }
  }

  private static long cell(long trackTimeTicks, long timescale, long segMs) {
    return Math.floorDiv(trackTimeTicks * 1000, segMs * timescale);
  }

  static List<FragmentRef> fragments(long start, int count, long durationTicks, int size, int gap) {
    List<FragmentRef> out = new ArrayList<>();
    long offset = 1000;
    for (int i = 0; i < count; i++) {
      out.add(new FragmentRef(offset, size, start + i * durationTicks, durationTicks, true));
      offset += size + gap;
    }
    return out;
  }

  static TrackIndex video(String name, long timescale, List<FragmentRef> fragments) {
    return new TrackIndex(
        name,
        TrackType.VIDEO,
        new Timescale(timescale),
        "und",
        "avc1",
        "avc1.64001f",
        new VideoFormat(640, 360, Rational.ONE, new Rational(25, 1)),
        null,
        List.of(new ByteRange(0, 1000)),
        fragments,
        10_000_000);
  }

  static TrackIndex audio(String name, long timescale, List<FragmentRef> fragments) {
    return new TrackIndex(
        name,
        TrackType.AUDIO,
        new Timescale(timescale),
        "und",
        "mp4a",
        "mp4a.40.2",
        null,
        new AudioFormat(2, 48_000),
        List.of(new ByteRange(0, 900)),
        fragments,
        Long.MAX_VALUE);
  }
}
