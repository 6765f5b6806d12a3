package dev.prism.packager.naming;

/** {@code /v1/{assetId}/hls/index.m3u8}: the HLS multivariant playlist (follows asset.json). */
public record MultivariantPlaylistRequest(String assetId) implements PackagingRequest {
  public MultivariantPlaylistRequest {
    ResourceNaming.checkId("assetId", assetId);
  }
}
