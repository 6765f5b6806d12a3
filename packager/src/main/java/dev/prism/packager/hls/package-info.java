/**
 * HLS text writers for CMAF presentations (RFC 8216 and rfc8216bis, EXT-X-VERSION 7): multivariant
 * playlists and media playlists.
 *
 * <p>Pure functions of the {@link dev.prism.packager.presentation} model; nothing here touches the
 * store, the clock or box bytes. Numbers are formatted with {@link java.util.Locale#ROOT}, lines
 * end with {@code \n}.
 */
@NullMarked
package dev.prism.packager.hls;

import org.jspecify.annotations.NullMarked;
