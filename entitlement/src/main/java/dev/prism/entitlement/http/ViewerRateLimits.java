package dev.prism.entitlement.http;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;

/**
 * Per-subject and per-viewer-IP token buckets (Bucket4j, greedy refill) for {@code POST /play}.
 *
 * <p>Buckets live in memory, one per key, in a bounded Caffeine map that forgets a key after a full
 * refill period of silence (a forgotten bucket was full anyway). Limits are per process: run behind
 * a CDN with sticky routing, or accept N× the limit for N instances.
 */
public final class ViewerRateLimits {
  private static final long MAX_KEYS = 100_000;

  private final @Nullable Limiter subjects;
  private final @Nullable Limiter ips;

  /** Buckets for the limits of {@code settings}; a limit of capacity 0 is not enforced. */
  public ViewerRateLimits(EntitlementSettings.RateLimit settings) {
    this.subjects = settings.perSubject().enabled() ? new Limiter(settings.perSubject()) : null;
    this.ips = settings.perIp().enabled() ? new Limiter(settings.perIp()) : null;
  }

  /**
   * Takes one grant from {@code subject}'s bucket.
   *
   * @return empty when allowed, else the seconds to wait (at least 1) for the {@code Retry-After}
   *     header (RFC 9110 §10.2.3)
   */
  public OptionalLong tryAcquireSubject(String subject) {
    return subjects == null ? OptionalLong.empty() : subjects.tryAcquire(subject);
  }

  /** Takes one request from the viewer IP's bucket; same contract as {@link #tryAcquireSubject}. */
  public OptionalLong tryAcquireIp(String ip) {
    return ips == null ? OptionalLong.empty() : ips.tryAcquire(ip);
  }

  private static final class Limiter {
    private final Bandwidth bandwidth; // immutable: one shared by every key's bucket
    private final Cache<String, Bucket> buckets;

    Limiter(EntitlementSettings.Limit limit) {
      this.bandwidth =
          Bandwidth.builder()
              .capacity(limit.capacity())
              .refillGreedy(limit.capacity(), limit.period())
              .build();
      this.buckets =
          Caffeine.newBuilder().maximumSize(MAX_KEYS).expireAfterAccess(limit.period()).build();
    }

    OptionalLong tryAcquire(String key) {
      Bucket bucket = buckets.get(key, k -> newBucket());
      ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
      if (probe.isConsumed()) {
        return OptionalLong.empty();
      }
      long waitNanos = probe.getNanosToWaitForRefill();
      return OptionalLong.of(Math.max(1, (waitNanos + 999_999_999L) / 1_000_000_000L));
    }

    private Bucket newBucket() {
      return Bucket.builder().addLimit(bandwidth).build();
    }
  }
}
