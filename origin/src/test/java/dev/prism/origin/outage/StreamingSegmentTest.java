package dev.prism.origin.outage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.prism.origin.PlaybackFixture;
import dev.prism.origin.TestOrigin;
import dev.prism.origin.config.OriginSettings;
import dev.prism.store.BlobStore;
import dev.prism.store.BlobStores;
import dev.prism.store.ForwardingBlobStore;
import dev.prism.store.S3StoreSettings;
import dev.prism.store.S3Timeouts;
import dev.prism.store.testing.S3ProxyFixture;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.reactivestreams.Publisher;

/**
 * A media segment from S3 is streamed to the request that starts its download: against a real
 * S3-compatible server (S3Proxy) behind a throttling TCP proxy, all on 127.0.0.1, the first client
 * gets its first body bytes long before the last, the bytes are exactly the track file's range, a
 * concurrent request for the same segment shares the one store read, and a reset mid-body gives the
 * client a broken response (not a complete 200) and caches nothing.
 */
class StreamingSegmentTest {
  private static final S3ProxyFixture S3 = new S3ProxyFixture();
  private static FaultProxy proxy;
  private static StreamCount reads;
  private static TestOrigin origin;
  private static PlaybackFixture fixture;
  private static final HttpClient CLIENT =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  /** Counts the store's streamed and whole ranged reads per (key, offset). */
  static final class StreamCount extends ForwardingBlobStore {
    final Map<String, AtomicInteger> streamed = new ConcurrentHashMap<>();
    final AtomicInteger whole = new AtomicInteger();

    StreamCount(BlobStore delegate) {
      super(delegate);
    }

    @Override
    public CompletableFuture<ByteBuffer> read(String key, long offsetBytes, int lengthBytes) {
      whole.incrementAndGet();
      return delegate().read(key, offsetBytes, lengthBytes);
    }

    @Override
    public CompletableFuture<Publisher<ByteBuffer>> readStream(
        String key, long offsetBytes, int lengthBytes) {
      streamed.computeIfAbsent(key + "@" + offsetBytes, k -> new AtomicInteger()).incrementAndGet();
      return delegate().readStream(key, offsetBytes, lengthBytes);
    }

    int streamedTotal() {
      return streamed.values().stream().mapToInt(AtomicInteger::get).sum();
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
    reads = new StreamCount(BlobStores.s3(viaProxy, S3Timeouts.DEFAULTS));
    origin = new TestOrigin(reads, OriginSettings.defaults().withSegmentDurationMs(2_000));
  }

  @AfterAll
  static void stop() {
    if (origin != null) {
      origin.close();
      reads.close();
    }
    if (proxy != null) {
      proxy.close();
    }
    S3.close();
  }

  @Test
  @Timeout(90)
  void firstClientStreams_exactBytes_concurrentShareOneRead_midStreamResetCachesNothing()
      throws Exception {
    // The version is loaded (indexes read) while the store is fast.
    String asset = fixture.assetId();
    HttpResponse<byte[]> multivariant = origin.get("/v1/" + asset + "/hls/index.m3u8");
    assertThat(multivariant.statusCode()).isEqualTo(200);
    URI playlist = uris(multivariant.uri(), text(multivariant)).get(0);
    List<URI> segments = uris(playlist, text(origin.get(playlist.getPath())));
    URI first = segments.get(1); // [0] is the init segment
    URI second = segments.get(2);
    assertThat(reads.streamedTotal()).isZero();
    int wholeReads = reads.whole.get(); // the index reads of the version's load

    // Throttled body: 2 KiB per 60 ms.
    proxy.throttle(2 * 1024, 60);
    long t0 = System.nanoTime();
    HttpResponse<InputStream> a =
        CLIENT.send(
            HttpRequest.newBuilder(first).timeout(Duration.ofSeconds(30)).build(),
            HttpResponse.BodyHandlers.ofInputStream());
    assertThat(a.statusCode()).isEqualTo(200);
    InputStream aBody = a.body();
    int firstByte = aBody.read();
    long ttfb = System.nanoTime() - t0;
    assertThat(firstByte).isNotNegative();
    // A second request joins the download in flight.
    CompletableFuture<HttpResponse<byte[]>> b =
        CLIENT.sendAsync(
            HttpRequest.newBuilder(first).timeout(Duration.ofSeconds(30)).build(),
            HttpResponse.BodyHandlers.ofByteArray());
    byte[] rest = aBody.readAllBytes();
    long ttlb = System.nanoTime() - t0;
    byte[] aBytes = new byte[rest.length + 1];
    aBytes[0] = (byte) firstByte;
    System.arraycopy(rest, 0, aBytes, 1, rest.length);
    HttpResponse<byte[]> bResponse = b.get(30, TimeUnit.SECONDS);
    System.out.printf(
        "streamed segment: %d bytes, time to first byte %d ms, to last byte %d ms%n",
        aBytes.length, ttfb / 1_000_000, ttlb / 1_000_000);

    assertThat(a.headers().firstValueAsLong("content-length")).hasValue(aBytes.length);
    assertThat(isRangeOfATrackFile(aBytes)).as("bytes are a track file's range").isTrue();
    assertThat(ttfb).as("time to first byte vs to last byte").isLessThan(ttlb / 2);
    assertThat(bResponse.statusCode()).isEqualTo(200);
    assertThat(bResponse.body()).isEqualTo(aBytes);
    assertThat(reads.streamedTotal()).as("store reads for both requests").isEqualTo(1);
    assertThat(reads.whole.get()).as("whole reads of segments").isEqualTo(wholeReads);
    // Held now: no read.
    proxy.mode(FaultProxy.Mode.PASS);
    assertThat(origin.get(first.getPath()).body()).isEqualTo(aBytes);
    assertThat(reads.streamedTotal()).isEqualTo(1);

    // A reset mid-body: the client's response breaks, and nothing is cached.
    proxy.throttle(1024, 100);
    HttpResponse<InputStream> c =
        CLIENT.send(
            HttpRequest.newBuilder(second).timeout(Duration.ofSeconds(30)).build(),
            HttpResponse.BodyHandlers.ofInputStream());
    assertThat(c.statusCode()).isEqualTo(200);
    long expected = c.headers().firstValueAsLong("content-length").orElseThrow();
    InputStream cBody = c.body();
    assertThat(cBody.read()).isNotNegative();
    proxy.mode(FaultProxy.Mode.RESET);
    assertThatThrownBy(
            () -> {
              byte[] got = cBody.readAllBytes();
              // A body that ends early without an error would be a short 200: fail on it too.
              assertThat(got.length + 1).as("bytes before the break").isEqualTo(expected);
            })
        .isInstanceOf(IOException.class);
    proxy.mode(FaultProxy.Mode.PASS);
    int before = reads.streamedTotal();
    HttpResponse<byte[]> again = origin.get(second.getPath());
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(again.body()).hasSize((int) expected);
    assertThat(isRangeOfATrackFile(again.body())).isTrue();
    assertThat(reads.streamedTotal()).as("a new read after the failed one").isEqualTo(before + 1);
  }

  private static boolean isRangeOfATrackFile(byte[] bytes) {
    for (byte[] file : fixture.filesByTrackId().values()) {
      for (int i = 0; i + bytes.length <= file.length; i++) {
        if (file[i] == bytes[0]
            && Arrays.equals(file, i, i + bytes.length, bytes, 0, bytes.length)) {
          return true;
        }
      }
    }
    return false;
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
