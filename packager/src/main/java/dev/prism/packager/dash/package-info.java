/**
 * DASH writer for CMAF presentations: a static MPD (ISO/IEC 23009-1, DASH-IF IOP) with
 * SegmentTemplate {@code $Number$} addressing and a SegmentTimeline in each track's timescale.
 *
 * <p>Pure functions of the {@link dev.prism.packager.presentation} model, rendering the same
 * segments (and the same URLs) as the HLS writers. No wall clock: no {@code availabilityStartTime}
 * or {@code publishTime} (static VOD needs neither).
 */
@NullMarked
package dev.prism.packager.dash;

import org.jspecify.annotations.NullMarked;
