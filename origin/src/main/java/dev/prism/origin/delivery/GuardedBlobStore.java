package dev.prism.origin.delivery;

import dev.prism.origin.config.OutageSettings;
import dev.prism.store.BlobMetadata;
import dev.prism.store.BlobNotFoundException;
import dev.prism.store.BlobStore;
import dev.prism.store.BlobStoreException;
import dev.prism.store.ForwardingBlobStore;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;

/**
 * The origin's reads of the store behind a circuit breaker (Resilience4j) and a time bound, so a
 * store outage costs one probe call per interval instead of one call per request, and no caller
 * waits on the store longer than {@link OutageSettings#storeCallTimeout()}.
 *
 * <ul>
 *   <li>Closed: calls pass; each outcome is recorded in a count-based window of {@link
 *       OutageSettings#breakerWindow()} calls. A {@link BlobNotFoundException} is an answer, so a
 *       success; any other failure (a {@link BlobStoreException}, the time bound) is a failure.
 *   <li>When at least {@link OutageSettings#breakerMinimumCalls()} calls were recorded and {@link
 *       OutageSettings#breakerFailureRatePercent()} of them failed, it opens: for {@link
 *       OutageSettings#breakerOpenInterval()} every call fails at once with {@link
 *       StoreUnavailableException} (a {@link BlobStoreException}: 503 with {@code Retry-After}, or
 *       a stale copy) and nothing reaches the store.
 *   <li>After the interval the next call is the one probe (half-open, one permitted call; others
 *       still fail at once): success closes the breaker, failure opens it for another interval.
 * </ul>
 *
 * <p>Writes, deletes and uploads are forwarded unguarded: the origin serves, it does not publish.
 * Futures may complete on the store's threads or on the timer's.
 */
public final class GuardedBlobStore extends ForwardingBlobStore {
  private final CircuitBreaker breaker;
  private final long callTimeoutMillis;

  /** Refused at once by the open breaker: the store is not asked. */
  public static final class StoreUnavailableException extends BlobStoreException {
    StoreUnavailableException(String op, String key) {
      super("store circuit open: " + op + " " + key + " not attempted", null);
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
      return this; // thrown per request while open: the stack says nothing
    }
  }

  /**
   * @param delegate the store; closed with this one
   * @param settings the breaker's window, rate and interval, and the call bound
   */
  public GuardedBlobStore(BlobStore delegate, OutageSettings settings) {
    super(delegate);
    this.callTimeoutMillis = settings.storeCallTimeout().toMillis();
    this.breaker =
        CircuitBreaker.of(
            "store",
            CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(settings.breakerWindow())
                .minimumNumberOfCalls(settings.breakerMinimumCalls())
                .failureRateThreshold(settings.breakerFailureRatePercent())
                .waitDurationInOpenState(settings.breakerOpenInterval())
                .permittedNumberOfCallsInHalfOpenState(1)
                // Half-open only when a call arrives: an idle origin sends no probes.
                .automaticTransitionFromOpenToHalfOpenEnabled(false)
                .build());
  }

  /** The breaker, for metrics and tests. */
  public CircuitBreaker breaker() {
    return breaker;
  }

  @Override
  public CompletableFuture<ByteBuffer> read(String key, long offsetBytes, int lengthBytes) {
    return guarded("read", key, () -> delegate().read(key, offsetBytes, lengthBytes));
  }

  /**
   * Guards the start of a streamed read: the breaker's permission before the call, and the time
   * bound and the breaker's verdict on the store's answer (its response headers). The body that
   * follows is not timed here: the store's own read timeouts bound a stalled body, and its consumer
   * sees a failure as {@code onError}.
   */
  @Override
  public CompletableFuture<Publisher<ByteBuffer>> readStream(
      String key, long offsetBytes, int lengthBytes) {
    return guarded("read", key, () -> delegate().readStream(key, offsetBytes, lengthBytes));
  }

  @Override
  public CompletableFuture<byte[]> readAll(String key) {
    return guarded("readAll", key, () -> delegate().readAll(key));
  }

  @Override
  public CompletableFuture<List<String>> list(String prefix) {
    return guarded("list", prefix, () -> delegate().list(prefix));
  }

  @Override
  public CompletableFuture<BlobMetadata> metadata(String key) {
    return guarded("metadata", key, () -> delegate().metadata(key));
  }

  private <T> CompletableFuture<T> guarded(
      String op, String key, Supplier<CompletableFuture<T>> call) {
    if (!breaker.tryAcquirePermission()) {
      return CompletableFuture.failedFuture(new StoreUnavailableException(op, key));
    }
    long start = breaker.getCurrentTimestamp();
    CompletableFuture<T> pending;
    try {
      pending = call.get();
    } catch (RuntimeException e) {
      pending = CompletableFuture.failedFuture(e);
    }
    CompletableFuture<T> result = new CompletableFuture<>();
    // A copy, so the time bound does not complete the store's own future.
    pending
        .thenApply(v -> v)
        .orTimeout(callTimeoutMillis, TimeUnit.MILLISECONDS)
        .whenComplete(
            (value, failure) -> {
              long elapsed = breaker.getCurrentTimestamp() - start;
              Throwable f = failure == null ? null : unwrap(failure);
              if (f == null || f instanceof BlobNotFoundException) {
                breaker.onSuccess(elapsed, breaker.getTimestampUnit());
              } else {
                breaker.onError(elapsed, breaker.getTimestampUnit(), f);
              }
              if (f == null) {
                result.complete(value);
              } else {
                result.completeExceptionally(translate(op, key, f));
              }
            });
    return result;
  }

  private Throwable translate(String op, String key, Throwable f) {
    if (f instanceof TimeoutException) {
      return new BlobStoreException(
          "store " + op + " " + key + " took longer than " + callTimeoutMillis + " ms", f);
    }
    return f;
  }

  private static Throwable unwrap(Throwable failure) {
    Throwable f = failure;
    @Nullable Throwable cause = f.getCause();
    while ((f instanceof CompletionException || f instanceof ExecutionException) && cause != null) {
      f = cause;
      cause = f.getCause();
    }
    return f;
  }
}
