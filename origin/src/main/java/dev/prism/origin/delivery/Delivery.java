package dev.prism.origin.delivery;

import dev.prism.origin.http.Resource;
import java.util.concurrent.CompletableFuture;

/**
 * Produces the resources of DESIGN.md's URLs. Arguments are already validated ids ({@code
 * ResourceNaming.isValidId}) and positive numbers. Futures fail with {@link
 * UnknownResourceException} (404), {@link CorruptTrackException} (502) or the store's {@code
 * BlobStoreException} (503).
 */
public interface Delivery {

  /** {@code /v1/{assetId}/hls/index.m3u8}: follows {@code asset.json}, short TTL. */
  CompletableFuture<Resource> multivariantPlaylist(String assetId);

  /** {@code /v1/{assetId}/dash/index.mpd}: follows {@code asset.json}, short TTL. */
  CompletableFuture<Resource> mpd(String assetId);

  /** {@code /v1/{assetId}/{version}/hls/{segMs}/{trackId}.m3u8}: immutable. */
  CompletableFuture<Resource> mediaPlaylist(
      String assetId, String version, int segmentDurationMs, String trackId);

  /** {@code /v1/{assetId}/{version}/{trackId}/init.mp4}: immutable. */
  CompletableFuture<Resource> initSegment(String assetId, String version, String trackId);

  /** {@code /v1/{assetId}/{version}/{trackId}/{segMs}/{n}.m4s}: immutable. */
  CompletableFuture<Resource> mediaSegment(
      String assetId, String version, String trackId, int segmentDurationMs, long segmentNumber);
}
