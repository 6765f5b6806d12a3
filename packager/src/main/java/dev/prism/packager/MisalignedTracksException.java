package dev.prism.packager;

import java.util.Locale;

/**
 * Two renditions of one switching set whose segment boundaries disagree (CMAF ISO/IEC 23000-19
 * §7.3.4, aligned switching sets; DASH {@code @segmentAlignment}). Names both tracks and the first
 * segment start at which they differ.
 */
public final class MisalignedTracksException extends PackagingException {
  private static final long serialVersionUID = 1L;

  private final String firstTrackName;
  private final String secondTrackName;
  private final long segmentNumber;
  private final long firstDifferingTimeUs;

  /**
   * @param segmentNumber the 1-based number of the first segment whose start (or presence) differs
   * @param firstDifferingTimeUs that segment's start in {@code firstTrackName}, in microseconds
   *     (rounded down), or its start in {@code secondTrackName} when {@code firstTrackName} has no
   *     such segment
   */
  public MisalignedTracksException(
      String firstTrackName,
      String secondTrackName,
      long segmentNumber,
      long firstDifferingTimeUs,
      String detail) {
    super(
        String.format(
            Locale.ROOT,
            "tracks %s and %s are not segment-aligned: segment %d differs at %d us (%s)",
            firstTrackName,
            secondTrackName,
            segmentNumber,
            firstDifferingTimeUs,
            detail),
        /* cause= */ null);
    this.firstTrackName = firstTrackName;
    this.secondTrackName = secondTrackName;
    this.segmentNumber = segmentNumber;
    this.firstDifferingTimeUs = firstDifferingTimeUs;
  }

  /** The track file the comparison started from, as given to the checker. */
  public String firstTrackName() {
    return firstTrackName;
  }

  /** The track file whose segment boundary differs from the first's. */
  public String secondTrackName() {
    return secondTrackName;
  }

  /** The 1-based number of the first differing segment. */
  public long segmentNumber() {
    return segmentNumber;
  }

  /** Where the tracks first differ, in microseconds of track time (rounded down). */
  public long firstDifferingTimeUs() {
    return firstDifferingTimeUs;
  }
}
