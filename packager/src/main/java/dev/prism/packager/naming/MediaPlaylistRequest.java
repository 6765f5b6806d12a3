package dev.prism.packager.naming;

/**
 * {@code /v1/{assetId}/{version}/hls/{segMs}/{trackId}.m3u8}: an HLS media playlist (immutable).
 *
 * @param segMs segment duration in milliseconds, within {@link ResourceNaming#MIN_SEG_MS}..{@link
 *     ResourceNaming#MAX_SEG_MS}
 */
public record MediaPlaylistRequest(String assetId, String version, long segMs, String trackId)
    implements PackagingRequest {
  public MediaPlaylistRequest {
    ResourceNaming.checkId("assetId", assetId);
    ResourceNaming.checkId("version", version);
    ResourceNaming.checkSegMs(segMs);
    ResourceNaming.checkId("trackId", trackId);
  }
}
