/**
 * The store contract of docs/ARCHITECTURE.md: the object layout and the JSON documents the
 * transcoder writes and the origin and entitlement service read ({@code asset.json}, {@code
 * ladder.json}).
 *
 * <p>Media facts (codecs, timescales, durations, sizes) are never in these documents' trusted
 * fields: the packager derives them from the track files.
 */
@NullMarked
package dev.prism.store.contract;

import org.jspecify.annotations.NullMarked;
