package dev.prism.packager.dash;

import dev.prism.packager.Checks;

/**
 * One {@code <S t d r>} element of a DASH SegmentTimeline (ISO/IEC 23009-1 §5.3.9.6): {@code repeat
 * + 1} consecutive segments of {@code durationTicks} each, the first at {@code startTicks}. {@code
 * repeat} counts the <em>additional</em> segments, as DASH {@code @r} does.
 */
public record TimelineRun(long startTicks, long durationTicks, long repeat) {

  public TimelineRun {
    Checks.argument(durationTicks > 0, "durationTicks <= 0: %s", durationTicks);
    Checks.argument(repeat >= 0, "repeat < 0: %s", repeat);
  }

  /** Time just after the run's last segment. */
  public long endTicks() {
    return startTicks + (repeat + 1) * durationTicks;
  }

  /** Whether a segment at {@code startTicks} lasting {@code durationTicks} continues this run. */
  public boolean canExtendWith(long segmentStartTicks, long segmentDurationTicks) {
    return segmentDurationTicks == durationTicks && segmentStartTicks == endTicks();
  }

  /** This run with one more segment. */
  public TimelineRun withOneMoreRepeat() {
    return new TimelineRun(startTicks, durationTicks, repeat + 1);
  }
}
