/**
 * Segmentation of a CMAF track on a time grid (docs/ARCHITECTURE.md, "Segmentation is a time grid
 * per track"): segment <i>k</i> is the run of fragments whose start lies in [k·segMs, (k+1)·segMs).
 * A media segment is a byte range of the track file, never rewritten.
 */
@NullMarked
package dev.prism.packager.segment;

import org.jspecify.annotations.NullMarked;
