package dev.prism.packager.naming;

import org.jspecify.annotations.Nullable;

/**
 * {@code /v1/{assetId}[/t/{tier}]/{version}[/p/{config}]/{trackId}/{segMs}/{n}.m4s}: media segment
 * {@code n} (1-based) of a track cut at {@code segMs} (immutable; the same URL for HLS and DASH).
 *
 * @param segMs segment duration in milliseconds, within {@link ResourceNaming#MIN_SEG_MS}..{@link
 *     ResourceNaming#MAX_SEG_MS}
 * @param segmentNumber 1..{@link ResourceNaming#MAX_SEGMENT_NUMBER}
 */
public record MediaSegmentRequest(
    String assetId,
    @Nullable String tier,
    String version,
    @Nullable String packagingConfig,
    String trackId,
    long segMs,
    long segmentNumber)
    implements PackagingRequest {
  public MediaSegmentRequest {
    ResourceNaming.checkId("assetId", assetId);
    ResourceNaming.checkOptionalId("tier", tier);
    ResourceNaming.checkId("version", version);
    ResourceNaming.checkOptionalId("packagingConfig", packagingConfig);
    ResourceNaming.checkId("trackId", trackId);
    ResourceNaming.checkSegMs(segMs);
    ResourceNaming.checkSegmentNumber(segmentNumber);
  }

  /** The clear, untiered form {@code /v1/{assetId}/{version}/{trackId}/{segMs}/{n}.m4s}. */
  public MediaSegmentRequest(
      String assetId, String version, String trackId, long segMs, long segmentNumber) {
    this(assetId, null, version, null, trackId, segMs, segmentNumber);
  }
}
