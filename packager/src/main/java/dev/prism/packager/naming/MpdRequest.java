package dev.prism.packager.naming;

import org.jspecify.annotations.Nullable;

/**
 * {@code /v1/{assetId}[/t/{tier}][/p/{config}]/dash/index.mpd}: the DASH MPD (ISO/IEC 23009-1;
 * follows asset.json, so short-lived).
 */
public record MpdRequest(String assetId, @Nullable String tier, @Nullable String packagingConfig)
    implements PackagingRequest {
  public MpdRequest {
    ResourceNaming.checkId("assetId", assetId);
    ResourceNaming.checkOptionalId("tier", tier);
    ResourceNaming.checkOptionalId("packagingConfig", packagingConfig);
  }

  /** The clear, untiered form {@code /v1/{assetId}/dash/index.mpd}. */
  public MpdRequest(String assetId) {
    this(assetId, null, null);
  }
}
