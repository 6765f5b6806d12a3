package dev.prism.packager.naming;

/** {@code /v1/{assetId}/{version}/{trackId}/init.mp4}: a track's init segment (immutable). */
public record InitSegmentRequest(String assetId, String version, String trackId)
    implements PackagingRequest {
  public InitSegmentRequest {
    ResourceNaming.checkId("assetId", assetId);
    ResourceNaming.checkId("version", version);
    ResourceNaming.checkId("trackId", trackId);
  }
}
