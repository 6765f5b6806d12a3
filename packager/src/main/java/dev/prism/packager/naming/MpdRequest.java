package dev.prism.packager.naming;

/** {@code /v1/{assetId}/dash/index.mpd}: the DASH MPD (follows asset.json). */
public record MpdRequest(String assetId) implements PackagingRequest {
  public MpdRequest {
    ResourceNaming.checkId("assetId", assetId);
  }
}
