package dev.prism.packager.segment;

import dev.prism.packager.Checks;
import dev.prism.packager.cmaf.ByteRange;
import java.util.List;

/**
 * One media segment: a run of whole CMAF fragments, served as the bytes of {@link #ranges()} in
 * order (ISO/IEC 23000-19 §7.3.3; a CMAF segment is one or more fragments). The same object backs
 * the HLS media segment and the DASH {@code $Number$} segment.
 *
 * @param number 1-based segment number ({@code $Number$}, the {@code n} of {@code {n}.m4s}); the
 *     segments of a track are numbered 1, 2, 3… without gaps, even when a grid cell is empty
 * @param startTicks decode time ({@code tfdt}) of the first fragment, in the track timescale
 * @param durationTicks sum of the fragments' durations, in the track timescale
 * @param ranges the fragments' bytes; adjacent fragments are merged, so usually one range
 * @param firstFragmentIndex index of the first fragment in {@code TrackIndex.fragments()}
 * @param fragmentCount how many fragments the segment holds
 */
public record MediaSegment(
    long number,
    long startTicks,
    long durationTicks,
    List<ByteRange> ranges,
    int firstFragmentIndex,
    int fragmentCount) {

  public MediaSegment {
    ranges = List.copyOf(ranges);
    Checks.argument(number >= 1, "number < 1: %s", number);
    Checks.argument(durationTicks > 0, "durationTicks <= 0: %s", durationTicks);
    Checks.argument(!ranges.isEmpty(), "no byte ranges");
    Checks.argument(fragmentCount > 0, "fragmentCount <= 0: %s", fragmentCount);
  }

  /** Decode time just after the last sample, in the track timescale. */
  public long endTicks() {
    return startTicks + durationTicks;
  }

  /** Total bytes of the segment (the HTTP {@code Content-Length}). */
  public long sizeBytes() {
    long size = 0;
    for (ByteRange r : ranges) {
      size += r.lengthBytes();
    }
    return size;
  }
}
