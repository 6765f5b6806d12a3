package dev.prism.cache;

import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.ToIntFunction;

/**
 * Builders for the origin's caches, sized from {@link CacheSettings}. The key and value types are
 * the caller's: this module knows nothing of the packager or the store.
 *
 * <ul>
 *   <li>{@link #manifests}: entry manifests (multivariant playlist, MPD), TTL {@link
 *       CacheSettings#manifestTtl()};
 *   <li>{@link #assetRecords}: parsed {@code asset.json}, same TTL, so a republish shows within it;
 *   <li>{@link #indexes}: one index per (asset, version), immutable, bounded by count;
 *   <li>{@link #plans}: segment plans of a version at one segment duration, bounded by count;
 *   <li>{@link #immutables}: small immutable resources of a version (playlists, init segments,
 *       segment descriptors), bounded by count;
 *   <li>{@link #segments}: media segment bytes from remote stores, bounded by {@link
 *       CacheSettings#segmentMaxBytes()};
 *   <li>{@link #corruptVerdicts}: versions found corrupt, for {@link
 *       CacheSettings#corruptVerdictTtl()}.
 * </ul>
 */
public final class PrismCaches {
  private final CacheSettings settings;
  private final Ticker ticker;
  private final Executor executor;

  /**
   * @param settings sizes and lifetimes
   * @param ticker the time source for expiry ({@link Ticker#systemTicker()} outside tests)
   * @param executor where Caffeine runs maintenance
   */
  public PrismCaches(CacheSettings settings, Ticker ticker, Executor executor) {
    this.settings = settings;
    this.ticker = ticker;
    this.executor = executor;
  }

  /** The settings these caches were built from. */
  public CacheSettings settings() {
    return settings;
  }

  /** Entry manifests, expiring {@code manifestTtl} after they were produced. */
  public <K, V> SingleFlightCache<K, V> manifests() {
    return this.<K, V>builder("manifests")
        .maximumEntries(10_000)
        .expireAfterWrite(settings.manifestTtl())
        .build();
  }

  /** Parsed {@code asset.json} records, expiring {@code manifestTtl} after they were read. */
  public <K, V> SingleFlightCache<K, V> assetRecords() {
    return this.<K, V>builder("assets")
        .maximumEntries(100_000)
        .expireAfterWrite(settings.manifestTtl())
        .build();
  }

  /** Per-(asset, version) indexes: immutable, evicted by count; idle ones leave after a day. */
  public <K, V> SingleFlightCache<K, V> indexes() {
    return indexes(v -> {});
  }

  /**
   * Per-(asset, version) indexes, calling {@code onRemoval} with each one that leaves (to release
   * what it holds, e.g. open files).
   */
  public <K, V> SingleFlightCache<K, V> indexes(Consumer<? super V> onRemoval) {
    return this.<K, V>builder("indexes")
        .maximumEntries(settings.indexMaxEntries())
        .expireAfterAccess(Duration.ofDays(1))
        .onRemoval(onRemoval)
        .build();
  }

  /**
   * Segment plans of a version at one segment duration: immutable, bounded by {@code
   * immutableMaxEntries}; idle ones leave after a day.
   */
  public <K, V> SingleFlightCache<K, V> plans() {
    return this.<K, V>builder("plans")
        .maximumEntries(settings.immutableMaxEntries())
        .expireAfterAccess(Duration.ofDays(1))
        .build();
  }

  /** Immutable small resources of a version (media playlists, init segments). */
  public <K, V> SingleFlightCache<K, V> immutables() {
    return immutables(v -> {});
  }

  /**
   * Immutable small resources of a version, calling {@code onRemoval} with each one that leaves (to
   * release what it holds, e.g. a reference to an open file).
   */
  public <K, V> SingleFlightCache<K, V> immutables(Consumer<? super V> onRemoval) {
    return this.<K, V>builder("immutables")
        .maximumEntries(settings.immutableMaxEntries())
        .expireAfterAccess(Duration.ofDays(1))
        .onRemoval(onRemoval)
        .build();
  }

  /**
   * Media segment bytes, weighted by {@code sizeBytes}, capped at {@code segmentMaxBytes}.
   *
   * @param sizeBytes the length of a value in bytes
   */
  public <K, V> SingleFlightCache<K, V> segments(ToIntFunction<? super V> sizeBytes) {
    return this.<K, V>builder("segments")
        .maximumWeightBytes(settings.segmentMaxBytes(), sizeBytes)
        .build();
  }

  /**
   * Verdicts that a version is corrupt (the value is the failure to answer with), expiring {@code
   * corruptVerdictTtl} after they were reached, at most 10,000.
   */
  public <K, V> SingleFlightCache<K, V> corruptVerdicts() {
    return this.<K, V>builder("corrupt_verdicts")
        .maximumEntries(10_000)
        .expireAfterWrite(settings.corruptVerdictTtl())
        .build();
  }

  /** A builder for a cache named {@code name}, on this instance's ticker and executor. */
  private <K, V> SingleFlightCache.Builder<K, V> builder(String name) {
    return SingleFlightCache.<K, V>builder(name).ticker(ticker).executor(executor);
  }

  /** Snapshots of several caches, for a metrics exporter. */
  public static List<CacheStats> snapshot(List<SingleFlightCache<?, ?>> caches) {
    return caches.stream().map(SingleFlightCache::stats).toList();
  }
}
