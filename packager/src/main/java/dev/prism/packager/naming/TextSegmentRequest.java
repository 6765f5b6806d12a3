package dev.prism.packager.naming;

import org.jspecify.annotations.Nullable;

/**
 * {@code /v1/{assetId}[/t/{tier}]/{version}/{textTrackId}/{segMs}/{n}.vtt}: WebVTT segment {@code
 * n} (1-based) of a text track (RFC 8216 §3.5; immutable). Never encrypted, so it has no {@code
 * /p/{config}} form and {@link #packagingConfig()} is always null. Not served yet.
 *
 * @param segMs segment duration in milliseconds, within {@link ResourceNaming#MIN_SEG_MS}..{@link
 *     ResourceNaming#MAX_SEG_MS}
 * @param segmentNumber 1..{@link ResourceNaming#MAX_SEGMENT_NUMBER}
 */
public record TextSegmentRequest(
    String assetId,
    @Nullable String tier,
    String version,
    String trackId,
    long segMs,
    long segmentNumber)
    implements PackagingRequest {
  public TextSegmentRequest {
    ResourceNaming.checkId("assetId", assetId);
    ResourceNaming.checkOptionalId("tier", tier);
    ResourceNaming.checkId("version", version);
    ResourceNaming.checkId("trackId", trackId);
    ResourceNaming.checkSegMs(segMs);
    ResourceNaming.checkSegmentNumber(segmentNumber);
  }

  /** Always null: text tracks are never encrypted. */
  @Override
  public @Nullable String packagingConfig() {
    return null;
  }
}
