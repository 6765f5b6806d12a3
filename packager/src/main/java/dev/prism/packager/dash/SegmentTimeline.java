package dev.prism.packager.dash;

import dev.prism.packager.segment.MediaSegment;
import dev.prism.packager.segment.SegmentPlan;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** One timeline, two renderers: segments compressed into DASH runs, and expanded back. */
public final class SegmentTimeline {
  private SegmentTimeline() {}

  /** Compresses the segments of {@code plan} into runs of equal, contiguous durations. */
  public static List<TimelineRun> toRuns(SegmentPlan plan) {
    List<TimelineRun> runs = new ArrayList<>();
    for (MediaSegment s : plan.segments()) {
      @Nullable TimelineRun last = runs.isEmpty() ? null : runs.get(runs.size() - 1);
      if (last != null && last.canExtendWith(s.startTicks(), s.durationTicks())) {
        runs.set(runs.size() - 1, last.withOneMoreRepeat());
      } else {
        runs.add(new TimelineRun(s.startTicks(), s.durationTicks(), /* repeat= */ 0));
      }
    }
    return List.copyOf(runs);
  }

  /**
   * Expands runs into (start, duration) pairs, one per segment.
   *
   * @return {@code long[]{startTicks, durationTicks}} per segment
   */
  public static List<long[]> expand(List<TimelineRun> runs) {
    List<long[]> out = new ArrayList<>();
    for (TimelineRun r : runs) {
      for (long i = 0; i <= r.repeat(); i++) {
        out.add(new long[] {r.startTicks() + i * r.durationTicks(), r.durationTicks()});
      }
    }
    return out;
  }
}
