/**
 * The demo player page: {@code /player} (a static page playing HLS with hls.js and DASH with
 * dash.js through the signed cookies the entitlement service mints) and {@code /player/dev-token}
 * (a development viewer token).
 *
 * <p>Mounted only by {@code prism demo}, never by {@code prism serve}: the development token would
 * let anyone mint cookies. Player libraries come from package registries at build time (hls.js as a
 * WebJar, dash.js from npm) and are never kept in the repository.
 */
@NullMarked
package dev.prism.origin.player;

import org.jspecify.annotations.NullMarked;
