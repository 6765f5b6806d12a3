package dev.prism.packager.naming;

import org.jspecify.annotations.Nullable;

/**
 * {@code /v1/{assetId}[/t/{tier}]/{version}[/p/{config}]/{trackId}/init.mp4}: a track's init
 * segment (CMAF header, ISO/IEC 23000-19; immutable).
 */
public record InitSegmentRequest(
    String assetId,
    @Nullable String tier,
    String version,
    @Nullable String packagingConfig,
    String trackId)
    implements PackagingRequest {
  public InitSegmentRequest {
    ResourceNaming.checkId("assetId", assetId);
    ResourceNaming.checkOptionalId("tier", tier);
    ResourceNaming.checkId("version", version);
    ResourceNaming.checkOptionalId("packagingConfig", packagingConfig);
    ResourceNaming.checkId("trackId", trackId);
  }

  /** The clear, untiered form {@code /v1/{assetId}/{version}/{trackId}/init.mp4}. */
  public InitSegmentRequest(String assetId, String version, String trackId) {
    this(assetId, null, version, null, trackId);
  }
}
