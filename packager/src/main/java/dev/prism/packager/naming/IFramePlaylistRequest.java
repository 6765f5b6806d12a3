package dev.prism.packager.naming;

import org.jspecify.annotations.Nullable;

/**
 * {@code /v1/{assetId}[/t/{tier}]/{version}[/p/{config}]/hls/{segMs}/iframes/{trackId}.m3u8}: the
 * HLS I-frame playlist ({@code EXT-X-I-FRAMES-ONLY}, RFC 8216 §4.3.3.6) of a video track, beside
 * its media playlist (immutable). Not served yet.
 *
 * @param segMs segment duration in milliseconds, within {@link ResourceNaming#MIN_SEG_MS}..{@link
 *     ResourceNaming#MAX_SEG_MS}
 */
public record IFramePlaylistRequest(
    String assetId,
    @Nullable String tier,
    String version,
    @Nullable String packagingConfig,
    long segMs,
    String trackId)
    implements PackagingRequest {
  public IFramePlaylistRequest {
    ResourceNaming.checkId("assetId", assetId);
    ResourceNaming.checkOptionalId("tier", tier);
    ResourceNaming.checkId("version", version);
    ResourceNaming.checkOptionalId("packagingConfig", packagingConfig);
    ResourceNaming.checkSegMs(segMs);
    ResourceNaming.checkId("trackId", trackId);
  }
}
