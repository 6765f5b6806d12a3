package dev.prism.packager.naming;

import org.jspecify.annotations.Nullable;

/**
 * {@code /v1/{assetId}[/t/{tier}]/{version}[/p/{config}]/hls/{segMs}/{trackId}.m3u8}: an HLS media
 * playlist (RFC 8216 §4.3.3) of a video, audio or text track (immutable).
 *
 * @param segMs segment duration in milliseconds, within {@link ResourceNaming#MIN_SEG_MS}..{@link
 *     ResourceNaming#MAX_SEG_MS}
 */
public record MediaPlaylistRequest(
    String assetId,
    @Nullable String tier,
    String version,
    @Nullable String packagingConfig,
    long segMs,
    String trackId)
    implements PackagingRequest {
  public MediaPlaylistRequest {
    ResourceNaming.checkId("assetId", assetId);
    ResourceNaming.checkOptionalId("tier", tier);
    ResourceNaming.checkId("version", version);
    ResourceNaming.checkOptionalId("packagingConfig", packagingConfig);
    ResourceNaming.checkSegMs(segMs);
    ResourceNaming.checkId("trackId", trackId);
  }

  /** The clear, untiered form {@code /v1/{assetId}/{version}/hls/{segMs}/{trackId}.m3u8}. */
  public MediaPlaylistRequest(String assetId, String version, long segMs, String trackId) {
    this(assetId, null, version, null, segMs, trackId);
  }
}
