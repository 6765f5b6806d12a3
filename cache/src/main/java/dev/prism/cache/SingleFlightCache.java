package dev.prism.cache;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Policy;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.ToIntFunction;
import org.jspecify.annotations.Nullable;

/**
 * An asynchronous cache whose concurrent misses for one key share a single load (single-flight).
 *
 * <p>The first {@link #get} for an absent key calls the loader; every other {@code get} for that
 * key while the load runs joins the same future and is counted as a hit. A load that fails (or
 * whose future completes exceptionally) is removed, so the next {@code get} retries; failures are
 * never cached. Built on Caffeine's {@link AsyncCache}, so eviction by size, weight and time is
 * Caffeine's (W-TinyLFU).
 *
 * @param <K> the key type; must have value semantics ({@code equals}/{@code hashCode})
 * @param <V> the value type
 */
public final class SingleFlightCache<K, V> {
  private final String name;
  private final AsyncCache<K, Object> cache;
  private final LongAdder loadFailures = new LongAdder();

  private SingleFlightCache(String name, AsyncCache<K, Object> cache) {
    this.name = name;
    this.cache = cache;
  }

  /**
   * A failed load, held in the cache only until its waiters have seen it. Wrapping keeps Caffeine
   * from logging every expected failure (a 404 is not an incident) while still sharing one failure
   * among the concurrent callers of a single flight.
   */
  private record Failure(Throwable cause) {}

  /** Starts a builder for a cache named {@code name} (the metric label). */
  public static <K, V> Builder<K, V> builder(String name) {
    return new Builder<>(name);
  }

  /** The name given to the builder. */
  public String name() {
    return name;
  }

  /**
   * Returns the cached value for {@code key}, or starts (or joins) its load.
   *
   * <p>{@code loader} must not block: it returns a future that completes when the value is ready
   * (blocking work belongs on an executor the loader chooses). It runs at most once per key at a
   * time.
   *
   * @return a future of the value; it fails with the loader's exception when the load fails
   */
  public CompletableFuture<V> get(K key, Function<? super K, CompletableFuture<V>> loader) {
    CompletableFuture<Object> entry =
        cache.get(
            key,
            (k, executor) -> {
              CompletableFuture<V> load;
              try {
                load = loader.apply(k);
              } catch (RuntimeException e) {
                load = CompletableFuture.failedFuture(e);
              }
              return load.handle(
                  (value, failure) -> {
                    if (failure == null) {
                      return value;
                    }
                    loadFailures.increment();
                    return new Failure(unwrap(failure));
                  });
            });
    if (entry.isDone()) {
      return unwrap(key, entry, entry.join()); // the hot path: no extra stage
    }
    return entry.thenCompose(result -> unwrap(key, entry, result));
  }

  @SuppressWarnings("unchecked")
  private CompletableFuture<V> unwrap(K key, CompletableFuture<Object> entry, Object result) {
    if (result instanceof Failure f) {
      cache.asMap().remove(key, entry); // never cached: the next get retries
      return CompletableFuture.failedFuture(f.cause());
    }
    return CompletableFuture.completedFuture((V) result);
  }

  private static Throwable unwrap(Throwable failure) {
    Throwable f = failure;
    while (f instanceof CompletionException && f.getCause() != null) {
      f = f.getCause();
    }
    return f;
  }

  /** The value if it is present and its load has completed successfully, else empty. */
  @SuppressWarnings("unchecked")
  public Optional<V> getIfReady(K key) {
    CompletableFuture<Object> future = cache.getIfPresent(key);
    if (future == null || !future.isDone() || future.isCompletedExceptionally()) {
      return Optional.empty();
    }
    Object value = future.join();
    return value instanceof Failure ? Optional.empty() : Optional.of((V) value);
  }

  /** Drops {@code key}; a load in flight completes for its waiters but is not kept. */
  public void invalidate(K key) {
    cache.synchronous().invalidate(key);
  }

  /** Drops every entry. */
  public void invalidateAll() {
    cache.synchronous().invalidateAll();
  }

  /** Runs pending maintenance (expiry, eviction) now; eviction is otherwise amortised. */
  public void cleanUp() {
    cache.synchronous().cleanUp();
  }

  /** A snapshot of this cache's counters. */
  public CacheStats stats() {
    com.github.benmanes.caffeine.cache.stats.CacheStats s = cache.synchronous().stats();
    long weight =
        cache
            .synchronous()
            .policy()
            .eviction()
            .filter(Policy.Eviction::isWeighted)
            .map(eviction -> eviction.weightedSize().orElse(0))
            .orElse(-1L);
    return new CacheStats(
        name,
        s.hitCount(),
        s.missCount(),
        loadFailures.sum(),
        s.evictionCount(),
        cache.synchronous().estimatedSize(),
        weight);
  }

  /**
   * Configures a {@link SingleFlightCache}. Set at most one of {@link #maximumEntries} and {@link
   * #maximumWeightBytes}.
   */
  public static final class Builder<K, V> {
    private final String name;
    private long maximumEntries = -1;
    private long maximumWeightBytes = -1;
    private @Nullable ToIntFunction<? super V> weigher;
    private @Nullable Duration expireAfterWrite;
    private @Nullable Duration expireAfterAccess;
    private Ticker ticker = Ticker.systemTicker();
    private Executor executor = ForkJoinPool.commonPool();
    private @Nullable Consumer<? super V> onRemoval;

    private Builder(String name) {
      this.name = name;
    }

    /** Bounds the cache by entry count. */
    public Builder<K, V> maximumEntries(long entries) {
      this.maximumEntries = entries;
      return this;
    }

    /** Bounds the cache by the summed weight of its values, e.g. their length in bytes. */
    public Builder<K, V> maximumWeightBytes(long bytes, ToIntFunction<? super V> weigherBytes) {
      this.maximumWeightBytes = bytes;
      this.weigher = weigherBytes;
      return this;
    }

    /** Entries expire this long after their load completed (a TTL). */
    public Builder<K, V> expireAfterWrite(Duration ttl) {
      this.expireAfterWrite = ttl;
      return this;
    }

    /** Entries expire this long after their last read. */
    public Builder<K, V> expireAfterAccess(Duration idle) {
      this.expireAfterAccess = idle;
      return this;
    }

    /** The time source for expiry; tests pass a fake one. */
    public Builder<K, V> ticker(Ticker ticker) {
      this.ticker = ticker;
      return this;
    }

    /**
     * Where Caffeine runs maintenance and removal work. Tests pass {@code Runnable::run} to make it
     * deterministic.
     */
    public Builder<K, V> executor(Executor executor) {
      this.executor = executor;
      return this;
    }

    /**
     * Called with every successfully loaded value once it leaves the cache (evicted, expired,
     * replaced or invalidated), on the cache's executor; e.g. to close a file it holds.
     */
    public Builder<K, V> onRemoval(Consumer<? super V> listener) {
      this.onRemoval = listener;
      return this;
    }

    /**
     * Builds the cache.
     *
     * @throws IllegalArgumentException if both an entry and a weight bound are set
     */
    public SingleFlightCache<K, V> build() {
      if (maximumEntries >= 0 && maximumWeightBytes >= 0) {
        throw new IllegalArgumentException(
            name + ": set an entry bound or a weight bound, not both");
      }
      Caffeine<Object, Object> b =
          Caffeine.newBuilder().ticker(ticker).executor(executor).recordStats();
      if (maximumEntries >= 0) {
        b.maximumSize(maximumEntries);
      }
      ToIntFunction<? super V> w = weigher;
      Caffeine<K, Object> typed;
      if (maximumWeightBytes >= 0 && w != null) {
        typed =
            b.maximumWeight(maximumWeightBytes)
                .weigher((K k, Object v) -> v instanceof Failure ? 0 : weigh(w, v));
      } else {
        @SuppressWarnings("unchecked")
        Caffeine<K, Object> unweighted = (Caffeine<K, Object>) (Caffeine<?, ?>) b;
        typed = unweighted;
      }
      if (expireAfterWrite != null) {
        typed.expireAfterWrite(expireAfterWrite);
      }
      if (expireAfterAccess != null) {
        typed.expireAfterAccess(expireAfterAccess);
      }
      Consumer<? super V> listener = onRemoval;
      if (listener != null) {
        typed.removalListener(
            (@Nullable K k, @Nullable Object v, RemovalCause cause) -> {
              if (v != null && !(v instanceof Failure)) {
                notify(listener, v);
              }
            });
      }
      return new SingleFlightCache<>(name, typed.buildAsync());
    }

    @SuppressWarnings("unchecked")
    private static <V> void notify(Consumer<? super V> listener, Object value) {
      listener.accept((V) value);
    }

    @SuppressWarnings("unchecked")
    private static <V> int weigh(ToIntFunction<? super V> weigher, Object value) {
      return weigher.applyAsInt((V) value);
    }
  }
}
