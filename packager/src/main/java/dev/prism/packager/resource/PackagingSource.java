package dev.prism.packager.resource;

import dev.prism.packager.PackagingException;
import dev.prism.packager.cmaf.RangeReader;
import dev.prism.packager.presentation.Presentation;
import dev.prism.packager.presentation.PresentationTrack;
import dev.prism.packager.segment.SegmentPlan;
import java.util.Map;

/**
 * What {@link Packager#resource} works from: one version of one asset, already loaded by the
 * caller. The packager never reads a store itself; the caller builds the {@link Presentation} (its
 * track indexes) and supplies blocking ranged reads of the track files.
 */
public interface PackagingSource {

  /**
   * The version the request addresses: for an entry manifest, the asset's current version; for
   * everything else, the version in the request.
   */
  Presentation presentation();

  /**
   * The segment plans of every track cut at {@code segMs}, checked for alignment ({@link
   * Presentation#plan(long)}). A caller may memoise them per (version, {@code segMs}); the default
   * computes them each time.
   *
   * @param segMs the segment grid in milliseconds
   * @return track id → plan, in ladder order
   * @throws PackagingException as {@link Presentation#plan(long)}
   */
  default Map<String, SegmentPlan> plans(long segMs) throws PackagingException {
    return presentation().plan(segMs);
  }

  /**
   * Blocking ranged reads of {@code track}'s stored file. The caller calls {@link
   * Packager#resource} where blocking is allowed (never an event loop).
   */
  RangeReader reader(PresentationTrack track);
}
