package dev.prism.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SingleFlightCacheTest {

  /** A hand-driven clock for expiry tests. */
  static final class FakeTicker implements Ticker {
    private final AtomicLong nanos = new AtomicLong();

    @Override
    public long read() {
      return nanos.get();
    }

    void advance(Duration d) {
      nanos.addAndGet(d.toNanos());
    }
  }

  @Test
  void get_hundredConcurrentMisses_loadOnce() throws Exception {
    SingleFlightCache<String, String> cache =
        SingleFlightCache.<String, String>builder("t").maximumEntries(10).build();
    AtomicInteger loads = new AtomicInteger();
    CompletableFuture<String> gate = new CompletableFuture<>();
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(16);
    List<CompletableFuture<String>> results = new ArrayList<>();
    try {
      List<CompletableFuture<CompletableFuture<String>>> submitted = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        submitted.add(
            CompletableFuture.supplyAsync(
                () -> {
                  await(start);
                  return cache.get(
                      "seg",
                      k -> {
                        loads.incrementAndGet();
                        return gate.thenApply(v -> v + k);
                      });
                },
                pool));
      }
      start.countDown();
      for (CompletableFuture<CompletableFuture<String>> s : submitted) {
        results.add(s.get(10, TimeUnit.SECONDS));
      }
      gate.complete("value-");
      for (CompletableFuture<String> r : results) {
        assertThat(r.get(10, TimeUnit.SECONDS)).isEqualTo("value-seg");
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(loads).hasValue(1);
    CacheStats stats = cache.stats();
    assertThat(stats.misses()).isEqualTo(1);
    assertThat(stats.hits()).isEqualTo(99);
    assertThat(stats.hitRatio()).isEqualTo(0.99);
    assertThat(stats.weightBytes()).as("not weighted").isEqualTo(-1);
  }

  @Test
  void get_loadFails_failureNotCachedAndCounted() {
    SingleFlightCache<String, String> cache =
        SingleFlightCache.<String, String>builder("t")
            .maximumEntries(10)
            .executor(Runnable::run)
            .build();
    CompletableFuture<String> failed =
        cache.get("k", k -> CompletableFuture.failedFuture(new IllegalStateException("boom")));
    assertThatThrownBy(failed::join)
        .isInstanceOf(CompletionException.class)
        .hasMessageContaining("boom");

    AtomicInteger loads = new AtomicInteger();
    String value =
        cache
            .get(
                "k",
                k -> {
                  loads.incrementAndGet();
                  return CompletableFuture.completedFuture("ok");
                })
            .join();
    assertThat(value).isEqualTo("ok");
    assertThat(loads).hasValue(1);
    assertThat(cache.stats().loadFailures()).isEqualTo(1);
  }

  @Test
  void segments_overWeightCap_evictsToCap() {
    PrismCaches caches =
        new PrismCaches(
            CacheSettings.DEFAULTS.withSegmentMaxBytes(10_000),
            Ticker.systemTicker(),
            Runnable::run);
    SingleFlightCache<Integer, byte[]> segments = caches.segments(b -> b.length);
    for (int i = 0; i < 30; i++) {
      segments.get(i, k -> CompletableFuture.completedFuture(new byte[1_000])).join();
    }
    segments.cleanUp();

    CacheStats stats = segments.stats();
    assertThat(stats.weightBytes()).isLessThanOrEqualTo(10_000).isGreaterThan(0);
    assertThat(stats.entries()).isLessThanOrEqualTo(10);
    assertThat(stats.evictions()).isGreaterThanOrEqualTo(20);
    assertThat(stats.name()).isEqualTo("segments");
  }

  @Test
  void manifests_afterTtl_reloaded() {
    FakeTicker ticker = new FakeTicker();
    PrismCaches caches =
        new PrismCaches(
            CacheSettings.DEFAULTS.withManifestTtl(Duration.ofSeconds(10)), ticker, Runnable::run);
    SingleFlightCache<String, Integer> manifests = caches.manifests();
    AtomicInteger loads = new AtomicInteger();
    java.util.function.Function<String, CompletableFuture<Integer>> loader =
        k -> CompletableFuture.completedFuture(loads.incrementAndGet());

    assertThat(manifests.get("bbb/hls", loader).join()).isEqualTo(1);
    ticker.advance(Duration.ofSeconds(9));
    assertThat(manifests.get("bbb/hls", loader).join()).isEqualTo(1);
    ticker.advance(Duration.ofSeconds(2));
    assertThat(manifests.get("bbb/hls", loader).join()).isEqualTo(2);
    assertThat(manifests.stats().hits()).isEqualTo(1);
    assertThat(manifests.stats().misses()).isEqualTo(2);
  }

  @Test
  void onRemoval_evictedValue_notified() {
    List<String> removed = new java.util.concurrent.CopyOnWriteArrayList<>();
    SingleFlightCache<String, String> cache =
        SingleFlightCache.<String, String>builder("t")
            .maximumEntries(10)
            .executor(Runnable::run)
            .onRemoval(removed::add)
            .build();
    cache.get("a", k -> CompletableFuture.completedFuture("value-a")).join();
    cache
        .get("b", k -> CompletableFuture.failedFuture(new IllegalStateException()))
        .exceptionally(e -> "");
    cache.invalidate("a");
    cache.cleanUp();
    assertThat(removed).containsExactly("value-a");
  }

  @Test
  void getIfReady_onlyCompletedValues() {
    SingleFlightCache<String, String> cache =
        SingleFlightCache.<String, String>builder("t").maximumEntries(10).build();
    CompletableFuture<String> pending = new CompletableFuture<>();
    cache.get("a", k -> pending);
    assertThat(cache.getIfReady("a")).isEmpty();
    pending.complete("x");
    assertThat(cache.getIfReady("a")).contains("x");
  }

  @Test
  void build_entryAndWeightBounds_refused() {
    assertThatThrownBy(
            () ->
                SingleFlightCache.<String, byte[]>builder("t")
                    .maximumEntries(1)
                    .maximumWeightBytes(1, b -> b.length)
                    .build())
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
