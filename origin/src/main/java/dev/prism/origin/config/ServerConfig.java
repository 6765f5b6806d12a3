package dev.prism.origin.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The HTTP listener ({@code server.*}).
 *
 * @param host the address to bind, e.g. {@code 127.0.0.1} or {@code 0.0.0.0}
 * @param port the TCP port, 0..65535 (0 picks a free port)
 * @param tls optional HTTPS on the same port
 * @param shutdownGrace how long in-flight requests may finish after a stop signal
 * @param packagingThreads threads for blocking work off the event loop (index reads, manifest
 *     writing); 0 = the number of available processors
 * @param packagingQueue request tasks that may wait for a packaging thread; beyond it a request is
 *     shed with 503 and {@code Retry-After}
 * @param idleTimeout how long a connection may stay idle before it is closed; at least twice {@code
 *     delivery.segmentDurationMs}
 * @param requestTimeout how long a request may wait for its response to start (503 after it)
 */
public record ServerConfig(
    String host,
    int port,
    Tls tls,
    Duration shutdownGrace,
    int packagingThreads,
    int packagingQueue,
    Duration idleTimeout,
    Duration requestTimeout) {

  /** {@link #packagingThreads()} with 0 resolved to the number of available processors. */
  public int effectivePackagingThreads() {
    return packagingThreads > 0 ? packagingThreads : Runtime.getRuntime().availableProcessors();
  }

  /**
   * HTTPS for the origin ({@code server.tls.*}), so the origin secret need not cross a network in
   * clear.
   *
   * @param enabled serve HTTPS instead of HTTP
   * @param certFile the PEM certificate chain (leaf first); required when enabled
   * @param keyFile the PEM private key (PKCS#8 or PKCS#1); required when enabled
   */
  public record Tls(boolean enabled, Optional<Path> certFile, Optional<Path> keyFile) {}
}
