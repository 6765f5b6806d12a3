/**
 * Prism's caches (docs/ARCHITECTURE.md, "Request path": {@code route → cache (single-flight) →
 * packager → store}), built on Caffeine and free of any server framework.
 *
 * <p>{@link dev.prism.cache.SingleFlightCache} wraps a Caffeine {@code AsyncCache}: concurrent
 * misses for one key share one load, failed loads are never cached, and {@link
 * dev.prism.cache.CacheStats} snapshots (hits, misses, evictions) are exported for metrics. {@link
 * dev.prism.cache.PrismCaches} builds the four caches the origin needs from a {@link
 * dev.prism.cache.CacheSettings}.
 */
@NullMarked
package dev.prism.cache;

import org.jspecify.annotations.NullMarked;
