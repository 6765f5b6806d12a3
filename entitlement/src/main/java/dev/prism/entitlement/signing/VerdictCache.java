package dev.prism.entitlement.signing;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import java.security.PublicKey;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Remembers policies whose signature has verified, so a cookie presented on every segment request
 * costs one RSA/ECDSA verification per policy lifetime, not one per request.
 *
 * <ul>
 *   <li>Key: the signed material — key pair id, hash algorithm, the exact policy bytes and the
 *       signature bytes. A hit therefore means "these exact bytes were verified with this key".
 *   <li>Value: the parsed policy and the public key that verified it. On a hit the key must still
 *       be the one the current {@link KeyGroup} names, so removing a key from the group revokes its
 *       cached grants at once.
 *   <li>Only successes are cached (a forger cannot fill the cache); the cheap resource, time and IP
 *       checks run on every request.
 *   <li>Bounded by entry count; an entry lives until its policy's {@code DateLessThan} (as seen at
 *       verification time), capped by a maximum TTL (whole seconds). The cap is applied before the
 *       life is turned into nanoseconds, so a policy expiring centuries ahead is cached for the cap
 *       like any other.
 * </ul>
 */
public final class VerdictCache {
  /** Default bound: one entry per live grant (roughly 1-2 KB each), so about 20-40 MB at most. */
  public static final long DEFAULT_MAXIMUM_ENTRIES = 20_000;

  /** Default cap on an entry's life, however far away the policy's expiry is. */
  public static final Duration DEFAULT_MAXIMUM_TTL = Duration.ofHours(1);

  private final @Nullable Cache<Object, Verified> cache;
  private final long maximumTtlSeconds;

  private VerdictCache(@Nullable Cache<Object, Verified> cache, long maximumTtlSeconds) {
    this.cache = cache;
    this.maximumTtlSeconds = maximumTtlSeconds;
  }

  /**
   * A cache of at most {@code maximumEntries} verified policies, each kept at most {@code
   * maximumTtl}.
   */
  public static VerdictCache bounded(long maximumEntries, Duration maximumTtl) {
    if (maximumEntries <= 0 || maximumTtl.isNegative() || maximumTtl.isZero()) {
      throw new IllegalArgumentException("maximumEntries and maximumTtl must be positive");
    }
    // Whole seconds, at least one: policy times are epoch seconds. TimeUnit conversions saturate
    // at Long.MAX_VALUE instead of throwing, so even a cap of centuries stays a valid duration.
    long capSeconds = Math.max(1, maximumTtl.getSeconds());
    Cache<Object, Verified> cache =
        Caffeine.newBuilder()
            .maximumSize(maximumEntries)
            .expireAfter(
                Expiry.<Object, Verified>writing(
                    (key, value) -> Duration.ofNanos(value.lifetimeNanos())))
            .recordStats()
            .build();
    return new VerdictCache(cache, capSeconds);
  }

  /** {@link #bounded} with the defaults. */
  public static VerdictCache withDefaults() {
    return bounded(DEFAULT_MAXIMUM_ENTRIES, DEFAULT_MAXIMUM_TTL);
  }

  /** A cache that remembers nothing: every request verifies the signature. */
  public static VerdictCache disabled() {
    return new VerdictCache(null, 0);
  }

  @Nullable Policy get(SignedMaterial material, PublicKey currentKey) {
    return lookUp(material, currentKey);
  }

  /**
   * The policy verified from exactly this wire text (see {@link SignedText}), or null; the same key
   * check as {@link #get(SignedMaterial, PublicKey)}.
   */
  @Nullable Policy get(SignedText text, PublicKey currentKey) {
    return lookUp(text, currentKey);
  }

  private @Nullable Policy lookUp(Object material, PublicKey currentKey) {
    if (cache == null) {
      return null;
    }
    @Nullable Verified hit = cache.getIfPresent(material);
    if (hit == null) {
      return null;
    }
    if (!hit.key().equals(currentKey)) {
      cache.invalidate(material); // the key pair id now names another key: verify afresh
      return null;
    }
    return hit.policy();
  }

  void put(SignedMaterial material, Policy policy, PublicKey key, long verifiedAtEpochSeconds) {
    store(material, policy, key, verifiedAtEpochSeconds);
  }

  /** Remembers {@code policy} as verified from exactly this wire text. */
  void put(SignedText text, Policy policy, PublicKey key, long verifiedAtEpochSeconds) {
    store(text, policy, key, verifiedAtEpochSeconds);
  }

  private void store(Object material, Policy policy, PublicKey key, long verifiedAtEpochSeconds) {
    if (cache == null) {
      return;
    }
    long remainingSeconds = policy.dateLessThanEpochSeconds() - verifiedAtEpochSeconds;
    if (remainingSeconds <= 0) {
      return;
    }
    // Capped before converting: a validly signed policy may expire centuries ahead, and its
    // remaining life in nanoseconds would overflow a long (Duration.toNanos throws past ~292
    // years).
    long lifetimeSeconds = Math.min(remainingSeconds, maximumTtlSeconds);
    cache.put(material, new Verified(policy, key, TimeUnit.SECONDS.toNanos(lifetimeSeconds)));
  }

  /** Entries currently held (approximate). */
  public long estimatedSize() {
    return cache == null ? 0 : cache.estimatedSize();
  }

  /** Lookups that found a verified policy (signature verification skipped). */
  public long hitCount() {
    return cache == null ? 0 : cache.stats().hitCount();
  }

  /** Lookups that did not. */
  public long missCount() {
    return cache == null ? 0 : cache.stats().missCount();
  }

  /** Runs pending maintenance (evictions) now; for tests of the bound. */
  void cleanUpForTest() {
    if (cache != null) {
      cache.cleanUp();
    }
  }

  /**
   * Drops every entry (for example after a key group change, though keys are re-checked anyway).
   */
  public void invalidateAll() {
    if (cache != null) {
      cache.invalidateAll();
    }
  }

  private record Verified(Policy policy, PublicKey key, long lifetimeNanos) {}

  /**
   * What was verified, as the viewer sent it: key pair id, hash algorithm and the CloudFront-base64
   * texts of a custom policy and its signature. Decoding is a function of the text, so a hit means
   * the same policy and signature bytes verified with the key; keying by the text lets a cached
   * cookie skip both base64 decodes and the hashing of the decoded bytes on every request.
   */
  record SignedText(
      String keyPairId, HashAlgorithm hash, String policyText, String signatureText) {}

  /** What was verified: compared by content. */
  static final class SignedMaterial {
    private final String keyPairId;
    private final HashAlgorithm hash;
    private final byte[] policyBytes;
    private final byte[] signature;
    private final int hashCode;

    SignedMaterial(String keyPairId, HashAlgorithm hash, byte[] policyBytes, byte[] signature) {
      this.keyPairId = keyPairId;
      this.hash = hash;
      this.policyBytes = policyBytes;
      this.signature = signature;
      this.hashCode =
          31 * (31 * (31 * keyPairId.hashCode() + hash.hashCode()) + Arrays.hashCode(policyBytes))
              + Arrays.hashCode(signature);
    }

    @Override
    public boolean equals(@Nullable Object o) {
      if (!(o instanceof SignedMaterial)) {
        return false;
      }
      SignedMaterial m = (SignedMaterial) o;
      return hash == m.hash
          && keyPairId.equals(m.keyPairId)
          && Arrays.equals(policyBytes, m.policyBytes)
          && Arrays.equals(signature, m.signature);
    }

    @Override
    public int hashCode() {
      return hashCode;
    }
  }
}
