/**
 * CMAF track files (ISO/IEC 23000-19) and their index: where each fragment lies, when it plays, and
 * what the track carries (codec string per RFC 6381, dimensions, channels).
 *
 * <p>{@link dev.prism.packager.cmaf.TrackIndexReader} builds an immutable {@link
 * dev.prism.packager.cmaf.TrackIndex} through a {@link dev.prism.packager.cmaf.RangeReader}, so the
 * store stays outside. It is the only code that sees mp4parser types.
 */
@NullMarked
package dev.prism.packager.cmaf;

import org.jspecify.annotations.NullMarked;
