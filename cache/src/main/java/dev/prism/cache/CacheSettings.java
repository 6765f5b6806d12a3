package dev.prism.cache;

import java.time.Duration;

/**
 * Sizes and lifetimes of the origin's caches (docs/ARCHITECTURE.md, "Request path").
 *
 * @param manifestTtl how long an entry manifest (multivariant playlist, MPD) and an {@code
 *     asset.json} record are reused before the store is asked again; this bounds how late a
 *     republish shows. Default 10 s.
 * @param segmentMaxBytes the byte cap of the segment cache, used only for remote stores (a folder
 *     store sends segments from disk with zero copy). Default 512 MiB.
 * @param indexMaxEntries how many (asset, version) indexes are kept; versions are immutable, so
 *     only size evicts them. Default 1,000.
 * @param immutableMaxEntries how many immutable small resources (media playlists, init segments)
 *     are kept. Default 10,000.
 * @param corruptVerdictTtl how long a version found corrupt (a track file or its ladder that cannot
 *     be read as media) is answered as corrupt from memory, without reading the store again and
 *     with one log line per period; zero remembers nothing. Default 30 s.
 */
public record CacheSettings(
    Duration manifestTtl,
    long segmentMaxBytes,
    long indexMaxEntries,
    long immutableMaxEntries,
    Duration corruptVerdictTtl) {

  /** How long a corrupt-version verdict is remembered by default: 30 s. */
  public static final Duration DEFAULT_CORRUPT_VERDICT_TTL = Duration.ofSeconds(30);

  /** The defaults: 10 s manifests, 512 MiB of segments, 30 s corrupt-version verdicts. */
  public static final CacheSettings DEFAULTS =
      new CacheSettings(Duration.ofSeconds(10), 512L * 1024 * 1024, 1_000, 10_000);

  /**
   * @throws IllegalArgumentException for a negative duration or size
   */
  public CacheSettings {
    if (manifestTtl.isNegative()) {
      throw new IllegalArgumentException("manifestTtl < 0: " + manifestTtl);
    }
    if (corruptVerdictTtl.isNegative()) {
      throw new IllegalArgumentException("corruptVerdictTtl < 0: " + corruptVerdictTtl);
    }
    if (segmentMaxBytes < 0 || indexMaxEntries < 0 || immutableMaxEntries < 0) {
      throw new IllegalArgumentException(
          "negative cache size: segmentMaxBytes="
              + segmentMaxBytes
              + ", indexMaxEntries="
              + indexMaxEntries
              + ", immutableMaxEntries="
              + immutableMaxEntries);
    }
  }

  /**
   * Settings with the default corrupt-version verdict TTL ({@link #DEFAULT_CORRUPT_VERDICT_TTL}).
   */
  public CacheSettings(
      Duration manifestTtl, long segmentMaxBytes, long indexMaxEntries, long immutableMaxEntries) {
    this(
        manifestTtl,
        segmentMaxBytes,
        indexMaxEntries,
        immutableMaxEntries,
        DEFAULT_CORRUPT_VERDICT_TTL);
  }

  /** A copy with another manifest TTL (tests use about 1 s). */
  public CacheSettings withManifestTtl(Duration ttl) {
    return new CacheSettings(
        ttl, segmentMaxBytes, indexMaxEntries, immutableMaxEntries, corruptVerdictTtl);
  }

  /** A copy with another segment byte cap. */
  public CacheSettings withSegmentMaxBytes(long bytes) {
    return new CacheSettings(
        manifestTtl, bytes, indexMaxEntries, immutableMaxEntries, corruptVerdictTtl);
  }

  /** A copy with another corrupt-version verdict TTL. */
  public CacheSettings withCorruptVerdictTtl(Duration ttl) {
    return new CacheSettings(
        manifestTtl, segmentMaxBytes, indexMaxEntries, immutableMaxEntries, ttl);
  }
}
