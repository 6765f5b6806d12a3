package dev.prism.packager.segment;

import dev.prism.packager.Checks;
import dev.prism.packager.MalformedMediaException;
import dev.prism.packager.MisalignedTracksException;
import dev.prism.packager.cmaf.ByteRange;
import dev.prism.packager.cmaf.FragmentRef;
import dev.prism.packager.cmaf.TrackIndex;
import dev.prism.packager.cmaf.TrackType;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a track into media segments on a time grid (docs/ARCHITECTURE.md "Segmentation is a time
 * grid per track"; CMAF ISO/IEC 23000-19 §7.3.3, segments are whole fragments).
 *
 * <p>Grid cell <i>k</i> holds the fragments whose start, measured in <em>track time</em> (the
 * fragment's {@code tfdt} minus the first fragment's {@code tfdt}), lies in [k·segMs, (k+1)·segMs).
 * Each non-empty cell is one segment; segments are numbered from 1 in order, so a cell with no
 * fragment start (fragments longer than segMs) leaves no gap in the numbering. The comparison is
 * exact integer arithmetic, so video renditions with the same fragment boundaries get identical
 * segments whatever their timescales, and nothing drifts over long assets.
 *
 * <p>One refinement for CMAF from other packagers, which may cut several fragments per GOP (GPAC
 * low-latency output has one frame per fragment): a video fragment that does not start with a sync
 * sample never starts a segment; it stays in the segment before it, and the next sync fragment
 * whose start lies in a later cell starts the next segment. Prism's own tracks (one fragment per
 * closed GOP) are unaffected: all their fragments start with a sync sample.
 */
public final class Segmenter {
  /** The default target segment duration, in milliseconds (6 s, as Apple's authoring spec). */
  public static final long DEFAULT_SEG_MS = 6_000;

  /** The first segment's number: 1 (0 is not a valid segment name, see ResourceNaming). */
  public static final long FIRST_SEGMENT_NUMBER = 1;

  private Segmenter() {}

  /**
   * Plans the segments of {@code track} at {@code segMs}.
   *
   * @param segMs target segment duration in milliseconds, &gt; 0
   * @throws MalformedMediaException when a video track's first fragment does not start with a sync
   *     sample (its offset is named): segments must be independently decodable for switching (CMAF
   *     §7.3.3.1)
   */
  public static SegmentPlan plan(TrackIndex track, long segMs) throws MalformedMediaException {
    Checks.argument(segMs > 0, "segMs <= 0: %s", segMs);
    List<FragmentRef> fragments = track.fragments();
    long origin = track.firstDecodeTimeTicks();
    long timescale = track.timescale().ticksPerSecond();
    List<MediaSegment> segments = new ArrayList<>();
    long currentCell = -1;
    int first = 0;
    boolean video = track.trackType() == TrackType.VIDEO;
    for (int i = 0; i <= fragments.size(); i++) {
      long cell = Long.MAX_VALUE;
      boolean mayStart = true;
      if (i < fragments.size()) {
        FragmentRef f = fragments.get(i);
        cell = cell(f.baseMediaDecodeTimeTicks() - origin, timescale, segMs);
        mayStart = !video || f.startsWithSyncSample();
      }
      if (i == 0) {
        currentCell = cell;
        continue;
      }
      if (cell != currentCell && mayStart) {
        segments.add(segment(track, segments.size() + FIRST_SEGMENT_NUMBER, first, i));
        first = i;
        currentCell = cell;
      }
    }
    return new SegmentPlan(track.trackName(), track.timescale(), segMs, segments);
  }

  /**
   * floor(trackTimeTicks · 1000 / (segMs · timescale)), exact; long arithmetic unless it overflows.
   */
  static long cell(long trackTimeTicks, long timescale, long segMs) {
    if (trackTimeTicks >= 0
        && trackTimeTicks <= Long.MAX_VALUE / 1000
        && segMs <= Long.MAX_VALUE / timescale) {
      return (trackTimeTicks * 1000) / (segMs * timescale);
    }
    return BigInteger.valueOf(trackTimeTicks)
        .multiply(BigInteger.valueOf(1000))
        .divide(BigInteger.valueOf(segMs).multiply(BigInteger.valueOf(timescale)))
        .longValueExact();
  }

  private static MediaSegment segment(TrackIndex track, long number, int from, int to)
      throws MalformedMediaException {
    List<FragmentRef> fragments = track.fragments();
    FragmentRef head = fragments.get(from);
    if (track.trackType() == TrackType.VIDEO && !head.startsWithSyncSample()) {
      throw MalformedMediaException.atBox(
          track.trackName(),
          "moof",
          head.offsetBytes(),
          "video track starts with a fragment without a sync sample");
    }
    List<ByteRange> ranges = new ArrayList<>();
    long durationTicks = 0;
    for (int i = from; i < to; i++) {
      FragmentRef f = fragments.get(i);
      durationTicks += f.durationTicks();
      ByteRange r = f.byteRange();
      if (!ranges.isEmpty() && ranges.get(ranges.size() - 1).isFollowedBy(r)) {
        ranges.set(ranges.size() - 1, ranges.get(ranges.size() - 1).join(r));
      } else {
        ranges.add(r);
      }
    }
    return new MediaSegment(
        number, head.baseMediaDecodeTimeTicks(), durationTicks, ranges, from, to - from);
  }

  /**
   * Checks that every plan has the same segment boundaries as the first (CMAF aligned switching
   * set, §7.3.4; DASH {@code segmentAlignment="true"}): the same number of segments, and segment
   * <i>k</i> starting at the same instant (compared exactly across timescales) in every track, as
   * does the end of the last segment.
   *
   * @throws MisalignedTracksException naming the first pair of tracks that differ and where
   */
  public static void checkAligned(List<SegmentPlan> plans) throws MisalignedTracksException {
    if (plans.size() < 2) {
      return;
    }
    SegmentPlan reference = plans.get(0);
    for (SegmentPlan other : plans.subList(1, plans.size())) {
      int n = Math.min(reference.segments().size(), other.segments().size());
      for (int k = 0; k < n; k++) {
        long a = reference.segments().get(k).startTicks();
        long b = other.segments().get(k).startTicks();
        if (!sameInstant(a, reference, b, other)) {
          throw new MisalignedTracksException(
              reference.trackName(),
              other.trackName(),
              k + FIRST_SEGMENT_NUMBER,
              toUs(Math.min(a, b), a <= b ? reference : other),
              "segment starts at tick "
                  + a
                  + "/"
                  + reference.timescale().ticksPerSecond()
                  + " vs "
                  + b
                  + "/"
                  + other.timescale().ticksPerSecond());
        }
      }
      if (reference.segments().size() != other.segments().size()) {
        SegmentPlan longer =
            reference.segments().size() > other.segments().size() ? reference : other;
        throw new MisalignedTracksException(
            reference.trackName(),
            other.trackName(),
            n + FIRST_SEGMENT_NUMBER,
            toUs(longer.segments().get(n).startTicks(), longer),
            reference.segments().size() + " segments vs " + other.segments().size());
      }
      long endA = reference.segments().get(n - 1).endTicks();
      long endB = other.segments().get(n - 1).endTicks();
      if (!sameInstant(endA, reference, endB, other)) {
        throw new MisalignedTracksException(
            reference.trackName(),
            other.trackName(),
            n,
            toUs(Math.min(endA, endB), endA <= endB ? reference : other),
            "last segment ends at tick " + endA + " vs " + endB);
      }
    }
  }

  private static boolean sameInstant(long a, SegmentPlan pa, long b, SegmentPlan pb) {
    long ta = pa.timescale().ticksPerSecond();
    long tb = pb.timescale().ticksPerSecond();
    if (ta == tb) {
      return a == b;
    }
    return BigInteger.valueOf(a)
        .multiply(BigInteger.valueOf(pb.timescale().ticksPerSecond()))
        .equals(
            BigInteger.valueOf(b).multiply(BigInteger.valueOf(pa.timescale().ticksPerSecond())));
  }

  private static long toUs(long ticks, SegmentPlan plan) {
    return plan.timescale()
        .rescale(ticks, dev.prism.packager.cmaf.Timescale.MICROS, java.math.RoundingMode.FLOOR);
  }
}
