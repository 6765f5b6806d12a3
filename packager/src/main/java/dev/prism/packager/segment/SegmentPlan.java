package dev.prism.packager.segment;

import dev.prism.packager.Checks;
import dev.prism.packager.MissingResourceException;
import dev.prism.packager.cmaf.Timescale;
import java.util.List;
import java.util.Locale;

/**
 * The media segments of one track at one segment duration, as cut by {@link Segmenter}.
 *
 * @param trackName the track's name (from its {@code TrackIndex})
 * @param timescale the track timescale of every {@code *Ticks} value
 * @param segMs the target segment duration of the grid, in milliseconds
 * @param segments numbered 1…n, contiguous in time; never empty
 */
public record SegmentPlan(
    String trackName, Timescale timescale, long segMs, List<MediaSegment> segments) {

  public SegmentPlan {
    segments = List.copyOf(segments);
    Checks.argument(!segments.isEmpty(), "%s: no segments", trackName);
    Checks.argument(segMs > 0, "segMs <= 0: %s", segMs);
  }

  /**
   * Segment {@code number} (1-based).
   *
   * @throws MissingResourceException when the track has no such segment
   */
  public MediaSegment segment(long number) throws MissingResourceException {
    if (number < 1 || number > segments.size()) {
      throw new MissingResourceException(
          String.format(
              Locale.ROOT,
              "%s has segments 1..%d at %d ms, not %d",
              trackName,
              segments.size(),
              segMs,
              number));
    }
    return segments.get((int) (number - 1));
  }

  /** Start of the first segment, in the track timescale. */
  public long startTicks() {
    return segments.get(0).startTicks();
  }

  /** Sum of all segment durations, in the track timescale. */
  public long durationTicks() {
    return segments.get(segments.size() - 1).endTicks() - startTicks();
  }

  /** The longest segment, in the track timescale. */
  public long maxSegmentDurationTicks() {
    long max = 0;
    for (MediaSegment s : segments) {
      max = Math.max(max, s.durationTicks());
    }
    return max;
  }

  /** Bytes of all segments (init segment excluded). */
  public long totalSizeBytes() {
    long total = 0;
    for (MediaSegment s : segments) {
      total += s.sizeBytes();
    }
    return total;
  }

  /**
   * The peak segment bit rate (RFC 8216 §4.3.4.2 {@code BANDWIDTH}): the largest of each segment's
   * size over its duration, rounded up.
   */
  public long peakBitrateBps() {
    long peak = 0;
    for (MediaSegment s : segments) {
      peak = Math.max(peak, bitrateBps(s.sizeBytes(), s.durationTicks()));
    }
    return peak;
  }

  /** The average bit rate over the whole track ({@code AVERAGE-BANDWIDTH}), rounded up. */
  public long averageBitrateBps() {
    return bitrateBps(totalSizeBytes(), durationTicks());
  }

  private long bitrateBps(long sizeBytes, long durationTicks) {
    long bitsTimesTicks = Math.multiplyExact(sizeBytes * 8, timescale.ticksPerSecond());
    return (bitsTimesTicks + durationTicks - 1) / durationTicks;
  }
}
