package dev.prism.packager.naming;

import org.jspecify.annotations.Nullable;

/**
 * {@code /v1/{assetId}[/t/{tier}][/p/{config}]/hls/index.m3u8}: the HLS multivariant playlist (RFC
 * 8216 §4.3.4; follows asset.json, so short-lived).
 */
public record MultivariantPlaylistRequest(
    String assetId, @Nullable String tier, @Nullable String packagingConfig)
    implements PackagingRequest {
  public MultivariantPlaylistRequest {
    ResourceNaming.checkId("assetId", assetId);
    ResourceNaming.checkOptionalId("tier", tier);
    ResourceNaming.checkOptionalId("packagingConfig", packagingConfig);
  }

  /** The clear, untiered form {@code /v1/{assetId}/hls/index.m3u8}. */
  public MultivariantPlaylistRequest(String assetId) {
    this(assetId, null, null);
  }
}
