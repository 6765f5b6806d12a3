package dev.prism.origin.config;

import dev.prism.cache.CacheSettings;
import dev.prism.packager.naming.ResourceNaming;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What the origin server needs to know, independent of how it was configured ({@link
 * #from(PrismConfig)} maps {@code conf/prism.yaml}; tests build it directly).
 *
 * @param host the address to bind, e.g. {@code 127.0.0.1} or {@code 0.0.0.0}
 * @param port the port; 0 picks a free one ({@link OriginServer#port()} tells which)
 * @param segmentDurationMs the segment grid the entry manifests point to (docs/ARCHITECTURE.md,
 *     "Segmentation is a time grid per track"); older URLs with another grid keep working
 * @param caches cache sizes and the entry-manifest TTL
 * @param compressManifests gzip manifests for clients that accept it (never segments)
 * @param corsAllowedOrigins origins (scheme://host[:port]) whose players may read responses with
 *     credentials; {@code *} allows any origin (development only); empty = no CORS headers at all
 * @param shutdownTimeout how long a graceful stop waits for in-flight requests
 * @param packagingThreads threads for blocking work (index reads, manifest writing)
 * @param eventLoops HTTP server instances, one per event loop, sharing the port (default: two per
 *     processor, Vert.x's own event-loop pool size, so every loop serves)
 * @param tls HTTPS certificate and key (PEM), or empty for plain HTTP
 * @param outage timeouts, the store circuit breaker, stale-if-error and load shedding
 */
public record OriginSettings(
    String host,
    int port,
    int segmentDurationMs,
    CacheSettings caches,
    boolean compressManifests,
    List<String> corsAllowedOrigins,
    Duration shutdownTimeout,
    int packagingThreads,
    int eventLoops,
    Optional<Tls> tls,
    OutageSettings outage) {

  /**
   * PEM files for HTTPS.
   *
   * @param certFile the certificate chain, leaf first
   * @param keyFile the private key (PKCS#8 or PKCS#1)
   */
  public record Tls(Path certFile, Path keyFile) {}

  /**
   * Checks the values.
   *
   * @throws IllegalArgumentException for a port outside [0, 65535], a segment grid outside
   *     ResourceNaming's [MIN_SEG_MS, MAX_SEG_MS], fewer than one packaging thread or event loop,
   *     or an idle timeout shorter than twice the segment duration
   */
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
    if (eventLoops < 1) {
      throw new IllegalArgumentException("eventLoops < 1: " + eventLoops);
    }
    if (outage.idleTimeout().toMillis() < 2L * segmentDurationMs) {
      throw new IllegalArgumentException(
          "idleTimeout "
              + outage.idleTimeout()
              + " is shorter than twice the segment duration ("
              + segmentDurationMs
              + " ms): a paced player's connection would close between segments");
    }
  }

  /** Two per processor: Vert.x's default event-loop pool size. */
  static int defaultEventLoops() {
    return 2 * Runtime.getRuntime().availableProcessors();
  }

  /** Loopback, a free port, 6 s segments, default caches, gzip manifests, no CORS, 10 s drain. */
  public static OriginSettings defaults() {
    return new OriginSettings(
        "127.0.0.1",
        0,
        6_000,
        CacheSettings.DEFAULTS,
        true,
        List.of(),
        Duration.ofSeconds(10),
        4,
        defaultEventLoops(),
        Optional.empty(),
        OutageSettings.DEFAULTS);
  }

  /**
   * The settings of {@code conf/prism.yaml} ({@code server.*}, {@code cache.*}, {@code
   * delivery.*}).
   */
  public static OriginSettings from(PrismConfig config) {
    ServerConfig server = config.server();
    CacheConfig cache = config.cache();
    Optional<Tls> tls = Optional.empty();
    if (server.tls().enabled()) {
      tls =
          Optional.of(
              new Tls(server.tls().certFile().orElseThrow(), server.tls().keyFile().orElseThrow()));
    }
    return new OriginSettings(
        server.host(),
        server.port(),
        config.delivery().segmentDurationMs(),
        cache.toSettings(),
        config.delivery().compressManifests(),
        config.delivery().cors().allowedOrigins(),
        server.shutdownGrace(),
        server.effectivePackagingThreads(),
        defaultEventLoops(),
        tls,
        outage(config));
  }

  /** The outage settings of {@code server.*}, {@code store.*} and {@code cache.staleIfError}. */
  static OutageSettings outage(PrismConfig config) {
    ServerConfig server = config.server();
    var store = config.store();
    return new OutageSettings(
        store.callTimeout(),
        config.cache().staleIfError(),
        store.breaker().openInterval(),
        store.breaker().window(),
        store.breaker().minimumCalls(),
        store.breaker().failureRatePercent(),
        server.idleTimeout(),
        server.requestTimeout(),
        server.packagingQueue());
  }

  /** A copy with other outage settings. */
  public OriginSettings withOutage(OutageSettings o) {
    return new OriginSettings(
        host,
        port,
        segmentDurationMs,
        caches,
        compressManifests,
        corsAllowedOrigins,
        shutdownTimeout,
        packagingThreads,
        eventLoops,
        tls,
        o);
  }

  /** A copy with other cache sizes and entry-manifest TTL. */
  public OriginSettings withCaches(CacheSettings c) {
    return new OriginSettings(
        host,
        port,
        segmentDurationMs,
        c,
        compressManifests,
        corsAllowedOrigins,
        shutdownTimeout,
        packagingThreads,
        eventLoops,
        tls,
        outage);
  }

  /** A copy with other CORS origins ({@code scheme://host[:port]}, or {@code *}). */
  public OriginSettings withCorsAllowedOrigins(List<String> origins) {
    return new OriginSettings(
        host,
        port,
        segmentDurationMs,
        caches,
        compressManifests,
        origins,
        shutdownTimeout,
        packagingThreads,
        eventLoops,
        tls,
        outage);
  }

  /**
   * A copy with another segment grid, in milliseconds.
   *
   * @throws IllegalArgumentException outside ResourceNaming's allowed range
   */
  public OriginSettings withSegmentDurationMs(int ms) {
    return new OriginSettings(
        host,
        port,
        ms,
        caches,
        compressManifests,
        corsAllowedOrigins,
        shutdownTimeout,
        packagingThreads,
        eventLoops,
        tls,
        outage);
  }

  /**
   * A copy with {@code n} HTTP server instances.
   *
   * @throws IllegalArgumentException when {@code n < 1}
   */
  public OriginSettings withEventLoops(int n) {
    return new OriginSettings(
        host,
        port,
        segmentDurationMs,
        caches,
        compressManifests,
        corsAllowedOrigins,
        shutdownTimeout,
        packagingThreads,
        n,
        tls,
        outage);
  }
}
