/**
 * The transcoder: one mezzanine in, an aligned CMAF ladder out, published atomically to a {@link
 * dev.prism.store.BlobStore} under the store contract of docs/ARCHITECTURE.md.
 *
 * <p>{@link dev.prism.transcoder.Transcoder#transcode} is the entry point: it probes the input
 * ({@link dev.prism.transcoder.MediaProbe}), plans the renditions ({@link
 * dev.prism.transcoder.EncodingLadder#plan}), runs one FFmpeg process that decodes once and encodes
 * every rendition (CMAF, ISO/IEC 23000-19; fragmented MP4, ISO/IEC 14496-12), validates the track
 * files with the packager's index, then uploads the version and replaces {@code asset.json} last.
 * Nothing here knows about HTTP servers.
 */
@NullMarked
package dev.prism.transcoder;

import org.jspecify.annotations.NullMarked;
