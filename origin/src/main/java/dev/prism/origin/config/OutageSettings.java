package dev.prism.origin.config;

import java.time.Duration;

/**
 * How the origin bounds its waits and degrades while the store fails (docs/ARCHITECTURE.md, "Store
 * outages").
 *
 * @param storeCallTimeout the longest the origin waits for one store call, asynchronously or from a
 *     packaging thread; past it the call fails as a store failure (503). A backstop above the
 *     store's own bounds (the S3 client's API-call timeout). Default 12 s.
 * @param staleIfError how long past its freshness ({@code manifestTtl}) the last good {@code
 *     asset.json} record and entry manifest may be served while the store fails (RFC 5861 §4,
 *     {@code stale-if-error}); 0 turns it off. Default 5 min.
 * @param breakerOpenInterval how long the store circuit breaker stays open before it lets one probe
 *     call through; while open, store calls fail at once without reaching the store. Default 5 s.
 * @param breakerWindow the count of recent store calls the failure rate is computed over. Default
 *     20.
 * @param breakerMinimumCalls the count of calls in the window before the rate may open the breaker.
 *     Default 5.
 * @param breakerFailureRatePercent the failure rate (percent, 1..100) at or above which the breaker
 *     opens. Default 50.
 * @param idleTimeout how long an HTTP connection may stay idle (no bytes either way) before it is
 *     closed; at least twice the segment duration, so a paced player's keep-alive connection
 *     survives the gap between two segment requests. Default 120 s (twice the longest segment
 *     grid).
 * @param requestTimeout the longest a request may wait for its response to start; past it the
 *     client gets 503 with {@code Retry-After}. A response already started is never cut. Default 30
 *     s.
 * @param packagingQueue the count of request tasks that may wait for a packaging thread; beyond it
 *     a request is shed with 503 and {@code Retry-After}. Default 256.
 */
public record OutageSettings(
    Duration storeCallTimeout,
    Duration staleIfError,
    Duration breakerOpenInterval,
    int breakerWindow,
    int breakerMinimumCalls,
    int breakerFailureRatePercent,
    Duration idleTimeout,
    Duration requestTimeout,
    int packagingQueue) {

  /** The defaults above. */
  public static final OutageSettings DEFAULTS =
      new OutageSettings(
          Duration.ofSeconds(12),
          Duration.ofMinutes(5),
          Duration.ofSeconds(5),
          20,
          5,
          50,
          Duration.ofSeconds(120),
          Duration.ofSeconds(30),
          256);

  /**
   * Checks the values.
   *
   * @throws IllegalArgumentException for a non-positive timeout or interval, a negative {@code
   *     staleIfError}, a window or minimum below 1, a rate outside 1..100, or a queue below 0
   */
  public OutageSettings {
    for (Duration d :
        new Duration[] {storeCallTimeout, breakerOpenInterval, idleTimeout, requestTimeout}) {
      if (d.isZero() || d.isNegative()) {
        throw new IllegalArgumentException("timeouts and intervals must be positive: " + d);
      }
    }
    if (staleIfError.isNegative()) {
      throw new IllegalArgumentException("staleIfError < 0: " + staleIfError);
    }
    if (breakerWindow < 1 || breakerMinimumCalls < 1) {
      throw new IllegalArgumentException(
          "breaker window and minimum calls must be >= 1: "
              + breakerWindow
              + ", "
              + breakerMinimumCalls);
    }
    if (breakerFailureRatePercent < 1 || breakerFailureRatePercent > 100) {
      throw new IllegalArgumentException(
          "breakerFailureRatePercent outside 1..100: " + breakerFailureRatePercent);
    }
    if (packagingQueue < 0) {
      throw new IllegalArgumentException("packagingQueue < 0: " + packagingQueue);
    }
  }

  /** A copy with another stale-if-error bound. */
  public OutageSettings withStaleIfError(Duration d) {
    return new OutageSettings(
        storeCallTimeout,
        d,
        breakerOpenInterval,
        breakerWindow,
        breakerMinimumCalls,
        breakerFailureRatePercent,
        idleTimeout,
        requestTimeout,
        packagingQueue);
  }

  /** A copy with another store-call timeout and breaker open interval. */
  public OutageSettings withStoreBounds(Duration callTimeout, Duration openInterval) {
    return new OutageSettings(
        callTimeout,
        staleIfError,
        openInterval,
        breakerWindow,
        breakerMinimumCalls,
        breakerFailureRatePercent,
        idleTimeout,
        requestTimeout,
        packagingQueue);
  }

  /** A copy with another packaging queue bound. */
  public OutageSettings withPackagingQueue(int n) {
    return new OutageSettings(
        storeCallTimeout,
        staleIfError,
        breakerOpenInterval,
        breakerWindow,
        breakerMinimumCalls,
        breakerFailureRatePercent,
        idleTimeout,
        requestTimeout,
        n);
  }
}
