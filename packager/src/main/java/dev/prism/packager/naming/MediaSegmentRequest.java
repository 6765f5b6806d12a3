package dev.prism.packager.naming;

/**
 * {@code /v1/{assetId}/{version}/{trackId}/{segMs}/{n}.m4s}: media segment {@code n} (1-based) of a
 * track cut at {@code segMs} (immutable; the same URL for HLS and DASH).
 */
public record MediaSegmentRequest(
    String assetId, String version, String trackId, long segMs, long segmentNumber)
    implements PackagingRequest {
  public MediaSegmentRequest {
    ResourceNaming.checkId("assetId", assetId);
    ResourceNaming.checkId("version", version);
    ResourceNaming.checkId("trackId", trackId);
    ResourceNaming.checkSegMs(segMs);
    ResourceNaming.checkSegmentNumber(segmentNumber);
  }
}
