package dev.prism.cache;

/**
 * A point-in-time snapshot of one cache's counters, cumulative since the cache was built.
 *
 * @param name the cache's name, used as a metric label (e.g. {@code manifests})
 * @param hits lookups answered from the cache (including joins onto an in-flight load)
 * @param misses lookups that started a load
 * @param loadFailures loads that failed (never cached)
 * @param evictions entries removed by size, weight or expiry
 * @param entries the approximate number of entries now held
 * @param weightBytes the summed weight of the entries now held, in bytes for byte-weighted caches;
 *     -1 when the cache is not weighted
 */
public record CacheStats(
    String name,
    long hits,
    long misses,
    long loadFailures,
    long evictions,
    long entries,
    long weightBytes) {

  /** Hits over lookups, in [0, 1]; 0 before the first lookup. */
  public double hitRatio() {
    long lookups = hits + misses;
    return lookups == 0 ? 0.0 : (double) hits / lookups;
  }
}
