package dev.prism.store;

import java.time.Duration;

/**
 * Time bounds of an {@link S3BlobStore}'s SDK client, so a bucket that stops answering (a dropped
 * connection, a stalled response, a full connection pool) fails a call within a known time instead
 * of holding its caller forever.
 *
 * @param apiCallTimeout the whole call, retries included (the SDK's {@code apiCallTimeout}); a call
 *     still running after it fails with {@link BlobStoreException}. Default 10 s.
 * @param apiCallAttemptTimeout one HTTP attempt (the SDK's {@code apiCallAttemptTimeout}); the SDK
 *     retries within {@code apiCallTimeout}. Default 4 s.
 * @param connectTimeout establishing a TCP (and TLS) connection. Default 2 s.
 * @param connectionAcquireTimeout waiting for a pooled connection when all are busy. Default 2 s.
 * @param maxPendingConnectionAcquires calls that may wait for a pooled connection at once; beyond
 *     it a call fails at once (a bounded queue instead of the SDK's 10,000). Default 1,000.
 */
public record S3Timeouts(
    Duration apiCallTimeout,
    Duration apiCallAttemptTimeout,
    Duration connectTimeout,
    Duration connectionAcquireTimeout,
    int maxPendingConnectionAcquires) {

  /** 10 s per call, 4 s per attempt, 2 s to connect, 2 s to acquire, 1,000 waiting. */
  public static final S3Timeouts DEFAULTS =
      new S3Timeouts(
          Duration.ofSeconds(10),
          Duration.ofSeconds(4),
          Duration.ofSeconds(2),
          Duration.ofSeconds(2),
          1_000);

  /**
   * Checks the values.
   *
   * @throws IllegalArgumentException when a duration is not positive, the attempt bound exceeds the
   *     call bound, or {@code maxPendingConnectionAcquires < 1}
   */
  public S3Timeouts {
    for (Duration d :
        new Duration[] {
          apiCallTimeout, apiCallAttemptTimeout, connectTimeout, connectionAcquireTimeout
        }) {
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException("S3 timeouts must be positive: " + d);
      }
    }
    if (apiCallAttemptTimeout.compareTo(apiCallTimeout) > 0) {
      throw new IllegalArgumentException(
          "apiCallAttemptTimeout "
              + apiCallAttemptTimeout
              + " exceeds apiCallTimeout "
              + apiCallTimeout);
    }
    if (maxPendingConnectionAcquires < 1) {
      throw new IllegalArgumentException(
          "maxPendingConnectionAcquires < 1: " + maxPendingConnectionAcquires);
    }
  }
}
