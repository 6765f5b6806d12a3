package dev.prism.origin.outage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prism.cache.CacheSettings;
import dev.prism.origin.PlaybackFixture;
import dev.prism.origin.TestOrigin;
import dev.prism.origin.config.OriginSettings;
import dev.prism.origin.config.OutageSettings;
import dev.prism.store.BlobMetadata;
import dev.prism.store.BlobStore;
import dev.prism.store.BlobStores;
import dev.prism.store.ForwardingBlobStore;
import dev.prism.store.S3StoreSettings;
import dev.prism.store.S3Timeouts;
import dev.prism.store.contract.AssetKeys;
import dev.prism.store.testing.S3ProxyFixture;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A mid-playback S3 outage, against a real S3-compatible server (S3Proxy) behind a fault-injecting
 * TCP proxy, all on 127.0.0.1: entry manifests and segments already held keep serving from the last
 * good {@code asset.json} (counted in {@code prism_stale_serves_total}), segments not held get 503
 * with {@code Retry-After}, the store circuit breaker lets at most one call per open interval reach
 * the store, and playback recovers without a restart when the store comes back.
 */
class StoreOutageTest {
  private static final Duration OPEN_INTERVAL = Duration.ofSeconds(2);
  private static final Duration MANIFEST_TTL = Duration.ofSeconds(1);

  private static final S3ProxyFixture S3 = new S3ProxyFixture();
  private static FaultProxy proxy;
  private static CallLog calls;
  private static TestOrigin origin;
  private static PlaybackFixture fixture;

  /** Every store call that got past the breaker, with when it started. */
  static final class CallLog extends ForwardingBlobStore {
    final ConcurrentLinkedQueue<Long> startedNanos = new ConcurrentLinkedQueue<>();

    CallLog(BlobStore delegate) {
      super(delegate);
    }

    private void log() {
      startedNanos.add(System.nanoTime());
    }

    @Override
    public CompletableFuture<ByteBuffer> read(String key, long offsetBytes, int lengthBytes) {
      log();
      return delegate().read(key, offsetBytes, lengthBytes);
    }

    @Override
    public CompletableFuture<byte[]> readAll(String key) {
      log();
      return delegate().readAll(key);
    }

    @Override
    public CompletableFuture<List<String>> list(String prefix) {
      log();
      return delegate().list(prefix);
    }

    @Override
    public CompletableFuture<BlobMetadata> metadata(String key) {
      log();
      return delegate().metadata(key);
    }

    List<Long> since(long nanos) {
      return startedNanos.stream().filter(t -> t >= nanos).sorted().toList();
    }
  }

  @BeforeAll
  static void start() throws Exception {
    S3.start();
    S3StoreSettings direct = S3.newBucket();
    fixture = PlaybackFixture.packagerBbb240();
    try (BlobStore publisher = BlobStores.s3(direct)) {
      fixture.publish(publisher);
    }
    proxy = new FaultProxy(S3.endpoint().getPort());
    S3StoreSettings viaProxy = proxy.routing(direct);
    S3Timeouts fast =
        new S3Timeouts(
            Duration.ofMillis(3_000),
            Duration.ofMillis(1_500),
            Duration.ofMillis(1_000),
            Duration.ofMillis(1_000),
            100);
    calls = new CallLog(BlobStores.s3(viaProxy, fast));
    calls.readAll(AssetKeys.assetJson(fixture.assetId())).join(); // warm: the first call is slow
    OutageSettings outage =
        new OutageSettings(
            Duration.ofSeconds(5),
            Duration.ofSeconds(60),
            OPEN_INTERVAL,
            4,
            2,
            50,
            Duration.ofSeconds(10),
            Duration.ofSeconds(10),
            64);
    OriginSettings settings =
        OriginSettings.defaults()
            .withSegmentDurationMs(2_000)
            .withCaches(CacheSettings.DEFAULTS.withManifestTtl(MANIFEST_TTL))
            .withOutage(outage);
    origin = new TestOrigin(calls, settings);
  }

  @AfterAll
  static void stop() {
    if (origin != null) {
      origin.close();
      calls.close();
    }
    if (proxy != null) {
      proxy.close();
    }
    S3.close();
  }

  @Test
  @Timeout(120)
  void midPlaybackOutage_staleManifestsAndHeldSegments_503ForTheRest_oneProbePerInterval_recovers()
      throws Exception {
    String asset = fixture.assetId();
    String hls = "/v1/" + asset + "/hls/index.m3u8";
    String dash = "/v1/" + asset + "/dash/index.mpd";

    // Playback starts while the store is healthy: the player holds the first segments.
    HttpResponse<byte[]> multivariant = origin.get(hls);
    assertThat(multivariant.statusCode()).isEqualTo(200);
    List<URI> playlists = uris(multivariant.uri(), text(multivariant));
    URI heldPlaylist = playlists.get(0);
    URI otherPlaylist = playlists.get(1);
    List<URI> held = uris(heldPlaylist, text(origin.get(heldPlaylist.getPath())));
    List<URI> notHeld = uris(otherPlaylist, text(origin.get(otherPlaylist.getPath())));
    assertThat(origin.get(dash).statusCode()).isEqualTo(200);
    List<String> heldPaths = new ArrayList<>();
    for (URI u : held.subList(0, 3)) { // init segment + the first two media segments
      assertThat(origin.get(u.getPath()).statusCode()).as(u.getPath()).isEqualTo(200);
      heldPaths.add(u.getPath());
    }

    // The bucket goes silent (a black hole): then it refuses connections outright.
    proxy.mode(FaultProxy.Mode.DROP);
    Thread.sleep(MANIFEST_TTL.toMillis() + 200); // asset.json and the manifests are past fresh
    long outageStart = System.nanoTime();
    int ok = 0;
    int unavailable = 0;
    int other = 0;
    long slowestMillis = 0;
    long openedAt = -1;
    int round = 0;
    // A player's traffic (manifests, held and not-held segments) until the breaker opens, then
    // for four more open intervals.
    while (openedAt < 0
        ? System.nanoTime() - outageStart < 30_000_000_000L
        : System.nanoTime() - openedAt < 4 * OPEN_INTERVAL.toNanos() + 300_000_000L) {
      if (round == 10) {
        proxy.mode(FaultProxy.Mode.RESET);
      }
      List<String> paths = new ArrayList<>(List.of(hls, dash));
      paths.add(heldPaths.get(round % heldPaths.size()));
      String uncached = notHeld.get(1 + round % (notHeld.size() - 1)).getPath();
      for (String p : paths) {
        long t = System.nanoTime();
        HttpResponse<byte[]> r = origin.get(p);
        slowestMillis = Math.max(slowestMillis, (System.nanoTime() - t) / 1_000_000);
        assertThat(r.statusCode()).as(p + " during the outage").isEqualTo(200);
        ok++;
      }
      long t = System.nanoTime();
      HttpResponse<byte[]> miss = origin.get(uncached);
      slowestMillis = Math.max(slowestMillis, (System.nanoTime() - t) / 1_000_000);
      if (miss.statusCode() == 503) {
        unavailable++;
        assertThat(miss.headers().firstValue("retry-after")).isPresent();
        assertThat(miss.headers().firstValue("cache-control")).hasValue("no-store");
      } else {
        other++;
      }
      if (openedAt < 0 && breakerState("open") == 1) {
        openedAt = System.nanoTime();
      }
      round++;
      Thread.sleep(100);
    }
    assertThat(openedAt).as("the breaker opened").isPositive();
    assertThat(other).as("uncached segments that did not answer 503").isZero();
    assertThat(unavailable).isPositive();
    double staleAssets = counter("prism.stale.serves", "kind", "asset");
    assertThat(staleAssets).as("stale asset.json serves").isGreaterThanOrEqualTo(ok / 3.0);

    // While open: store calls are probes, at most one per open interval.
    List<Long> probes = calls.since(openedAt);
    long spanNanos = System.nanoTime() - openedAt;
    long intervals = spanNanos / OPEN_INTERVAL.toNanos() + 1;
    assertThat((long) probes.size())
        .as("store calls while open over %d intervals: %s", intervals, probes)
        .isLessThanOrEqualTo(intervals);
    for (int i = 1; i < probes.size(); i++) {
      assertThat(probes.get(i) - probes.get(i - 1))
          .as("gap between probes")
          .isGreaterThanOrEqualTo(OPEN_INTERVAL.toNanos() - 50_000_000L);
    }
    System.out.printf(
        "outage: %d ok (stale asset serves %.0f, stale manifest serves %.0f), %d x 503,"
            + " %d store calls while open over %.1f s (open interval %d s), slowest answer %d ms,"
            + " breaker not-permitted %.0f%n",
        ok,
        staleAssets,
        counter("prism.stale.serves", "kind", "manifest"),
        unavailable,
        probes.size(),
        spanNanos / 1e9,
        OPEN_INTERVAL.toSeconds(),
        slowestMillis,
        counter("prism.store.breaker.calls", "outcome", "not_permitted"));

    // Slow but answering (under the attempt timeout) is not an outage.
    proxy.delay(50);
    Thread.sleep(OPEN_INTERVAL.toMillis() + 100);
    long recoveryStart = System.nanoTime();
    HttpResponse<byte[]> first = origin.get(notHeld.get(1).getPath());
    assertThat(first.statusCode()).as("first request after the store returns").isEqualTo(200);
    proxy.mode(FaultProxy.Mode.PASS);
    for (URI u : notHeld) {
      assertThat(origin.get(u.getPath()).statusCode()).as(u.getPath()).isEqualTo(200);
    }
    assertThat(origin.get(hls).statusCode()).isEqualTo(200);
    assertThat(breakerState("closed")).isEqualTo(1);
    System.out.printf(
        "recovery: first request answered 200 in %d ms after the interval; breaker closed%n",
        (System.nanoTime() - recoveryStart) / 1_000_000);
  }

  private static double breakerState(String state) {
    Gauge g = origin.registry.find("prism.store.breaker.state").tag("state", state).gauge();
    return g == null ? -1 : g.value();
  }

  private static double counter(String name, String tag, String value) {
    Counter c = origin.registry.find(name).tag(tag, value).counter();
    return c == null ? 0 : c.count();
  }

  private static List<URI> uris(URI base, String playlist) {
    List<URI> out = new ArrayList<>();
    for (String line : playlist.split("\n")) {
      String l = line.strip();
      if (l.startsWith("#EXT-X-MAP:URI=\"")) {
        out.add(base.resolve(l.substring(16, l.indexOf('"', 16))));
      } else if (!l.isEmpty() && !l.startsWith("#")) {
        out.add(base.resolve(l));
      }
    }
    return out;
  }

  private static String text(HttpResponse<byte[]> r) {
    return new String(r.body(), StandardCharsets.UTF_8);
  }
}
