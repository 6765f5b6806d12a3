/**
 * Prism's packager: pure media logic that turns a stored CMAF ladder into HLS and DASH.
 *
 * <p>Sub-packages: {@link dev.prism.packager.cmaf} indexes CMAF track files read through a {@link
 * dev.prism.packager.cmaf.RangeReader}; {@link dev.prism.packager.segment} cuts a track into media
 * segments on a time grid; {@link dev.prism.packager.presentation} is the neutral model both
 * manifest writers render; {@link dev.prism.packager.hls} and {@link dev.prism.packager.dash} are
 * those writers; {@link dev.prism.packager.naming} owns the URL layout in both directions.
 *
 * <p>This package holds the small error taxonomy ({@link dev.prism.packager.PackagingException} and
 * its four subclasses), which callers map to the outside world in exactly one place. Nothing in the
 * packager touches the network, a clock, threads, or a file system.
 */
@NullMarked
package dev.prism.packager;

import org.jspecify.annotations.NullMarked;
