package dev.prism.origin;

import dev.prism.cache.CacheSettings;
import dev.prism.packager.naming.ResourceNaming;
import java.time.Duration;
import java.util.List;

/**
 * What the origin server needs to know, independent of how it was configured ({@code prism serve}
 * maps {@code conf/prism.yaml} onto this; tests build it directly).
 *
 * @param host the address to bind, e.g. {@code 127.0.0.1} or {@code 0.0.0.0}
 * @param port the port; 0 picks a free one ({@link OriginServer#port()} tells which)
 * @param segmentDurationMs the segment grid the entry manifests point to (DESIGN.md, "Segmentation
 *     is a time grid per track"); older URLs with another grid keep working
 * @param caches cache sizes and the entry-manifest TTL
 * @param compressManifests gzip manifests for clients that accept it (never segments)
 * @param corsAllowedOrigins origins (scheme://host[:port]) whose players may read responses with
 *     credentials; empty = no CORS headers at all
 * @param shutdownTimeout how long a graceful stop waits for in-flight requests
 * @param packagingThreads threads for blocking work (index reads, manifest writing)
 */
public record OriginSettings(
    String host,
    int port,
    int segmentDurationMs,
    CacheSettings caches,
    boolean compressManifests,
    List<String> corsAllowedOrigins,
    Duration shutdownTimeout,
    int packagingThreads) {

  public OriginSettings {
    corsAllowedOrigins = List.copyOf(corsAllowedOrigins);
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port out of range: " + port);
    }
    if (segmentDurationMs < ResourceNaming.MIN_SEG_MS
        || segmentDurationMs > ResourceNaming.MAX_SEG_MS) {
      throw new IllegalArgumentException(
          "segmentDurationMs must be in ["
              + ResourceNaming.MIN_SEG_MS
              + ", "
              + ResourceNaming.MAX_SEG_MS
              + "]: "
              + segmentDurationMs);
    }
    if (packagingThreads < 1) {
      throw new IllegalArgumentException("packagingThreads < 1: " + packagingThreads);
    }
  }

  public OriginSettings withCompressManifests(boolean compress) {
    return new OriginSettings(
        host,
        port,
        segmentDurationMs,
        caches,
        compress,
        corsAllowedOrigins,
        shutdownTimeout,
        packagingThreads);
  }

  /**
   * Loopback, a free port, 6 s segments, default caches, gzip manifests, no CORS, 10 s drain, 4
   * threads.
   */
  public static OriginSettings defaults() {
    return new OriginSettings(
        "127.0.0.1", 0, 6_000, CacheSettings.DEFAULTS, true, List.of(), Duration.ofSeconds(10), 4);
  }

  public OriginSettings withPort(int p) {
    return new OriginSettings(
        host,
        p,
        segmentDurationMs,
        caches,
        compressManifests,
        corsAllowedOrigins,
        shutdownTimeout,
        packagingThreads);
  }

  public OriginSettings withHost(String h) {
    return new OriginSettings(
        h,
        port,
        segmentDurationMs,
        caches,
        compressManifests,
        corsAllowedOrigins,
        shutdownTimeout,
        packagingThreads);
  }

  public OriginSettings withCaches(CacheSettings c) {
    return new OriginSettings(
        host,
        port,
        segmentDurationMs,
        c,
        compressManifests,
        corsAllowedOrigins,
        shutdownTimeout,
        packagingThreads);
  }

  public OriginSettings withCorsAllowedOrigins(List<String> origins) {
    return new OriginSettings(
        host,
        port,
        segmentDurationMs,
        caches,
        compressManifests,
        origins,
        shutdownTimeout,
        packagingThreads);
  }

  public OriginSettings withSegmentDurationMs(int ms) {
    return new OriginSettings(
        host,
        port,
        ms,
        caches,
        compressManifests,
        corsAllowedOrigins,
        shutdownTimeout,
        packagingThreads);
  }
}
