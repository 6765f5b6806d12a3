package dev.prism.origin.gate;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * A budget of failed signature verifications per viewer IP (Bucket4j token buckets, greedy refill),
 * so a flood of forged credentials under a known key id costs at most {@code failures} RSA/ECDSA
 * verifications per {@code period} per viewer instead of one per request (about 0.7 ms of CPU each
 * with ECDSA P-256).
 *
 * <p>Each failed verification ({@code bad_signature}) takes one token from the viewer's bucket.
 * While the bucket is empty, {@link #exhausted} answers true and the gate refuses that viewer's
 * requests ({@code verify_rate_limited}) before any signature work; the budget refills evenly over
 * the period. Requests that verify never touch a bucket.
 *
 * <p>A viewer is its IPv4 address, or the /64 of an IPv6 address (one subscriber's prefix: a client
 * choosing among its 2^64 addresses must not get a budget per address). Buckets live in a Caffeine
 * map bounded to {@code maxViewers} entries that forgets a viewer after a full period of silence (a
 * forgotten bucket was full anyway). Per process: N instances allow N times the budget. Thread
 * safe.
 */
final class VerifyFailureLimiter {
  /** No budget: every request is verified. */
  static final VerifyFailureLimiter UNLIMITED = new VerifyFailureLimiter();

  private final @Nullable Bandwidth bandwidth; // immutable: shared by every viewer's bucket
  private final @Nullable Cache<ViewerKey, Bucket> buckets;

  /** A viewer: an IPv4 address or an IPv6 /64 prefix, as bytes. */
  private record ViewerKey(byte[] bytes) {
    @Override
    public boolean equals(Object o) {
      return o instanceof ViewerKey k && Arrays.equals(bytes, k.bytes);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
      return Arrays.toString(bytes);
    }
  }

  private VerifyFailureLimiter() {
    this.bandwidth = null;
    this.buckets = null;
  }

  /**
   * @param failures failed verifications allowed per viewer per {@code period}, at least 1
   * @param period how long a spent budget takes to refill completely, positive
   * @param maxViewers the most viewers tracked at once, at least 1
   * @throws IllegalArgumentException for values outside those ranges
   */
  VerifyFailureLimiter(long failures, Duration period, long maxViewers) {
    if (failures < 1 || maxViewers < 1 || period.isNegative() || period.isZero()) {
      throw new IllegalArgumentException(
          "verify failure limit: failures="
              + failures
              + " period="
              + period
              + " maxViewers="
              + maxViewers);
    }
    this.bandwidth = Bandwidth.builder().capacity(failures).refillGreedy(failures, period).build();
    this.buckets = Caffeine.newBuilder().maximumSize(maxViewers).expireAfterAccess(period).build();
  }

  /**
   * The limiter of {@code gate.verifyFailureLimit}: {@link #UNLIMITED} when {@code failures} is 0.
   *
   * @throws IllegalArgumentException for a negative count, a non-positive period or no viewers
   */
  static VerifyFailureLimiter of(long failures, Duration period, long maxViewers) {
    return failures == 0 ? UNLIMITED : new VerifyFailureLimiter(failures, period, maxViewers);
  }

  /** Whether the limit is enforced. */
  boolean enabled() {
    return buckets != null;
  }

  /** True when {@code viewer} has spent its budget: refuse without verifying. */
  boolean exhausted(InetAddress viewer) {
    // No viewer has failed a verification lately (the usual case): no key, no lookup, no
    // access-order write on the hot path of every granted request.
    if (buckets == null || buckets.estimatedSize() == 0) {
      return false;
    }
    Bucket bucket = buckets.getIfPresent(key(viewer));
    return bucket != null && bucket.getAvailableTokens() <= 0;
  }

  /** Records one failed signature verification for {@code viewer}. */
  void failed(InetAddress viewer) {
    if (buckets == null || bandwidth == null) {
      return;
    }
    Bandwidth limit = bandwidth;
    buckets.get(key(viewer), k -> Bucket.builder().addLimit(limit).build()).tryConsume(1);
  }

  /** Viewers tracked now (an estimate), for metrics and tests. */
  long trackedViewers() {
    return buckets == null ? 0 : buckets.estimatedSize();
  }

  private static ViewerKey key(InetAddress viewer) {
    byte[] bytes = viewer.getAddress();
    if (viewer instanceof Inet6Address) {
      bytes = Arrays.copyOf(bytes, 8); // the /64
    }
    return new ViewerKey(bytes);
  }
}
