package dev.prism.origin.metrics;

import dev.prism.store.BlobMetadata;
import dev.prism.store.BlobNotFoundException;
import dev.prism.store.BlobStore;
import dev.prism.store.ForwardingBlobStore;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;

/**
 * A {@link BlobStore} decorator that times every read ({@code read}, {@code readAll}, {@code list},
 * {@code metadata}) into {@link OriginMetrics#storeRead}; writes are forwarded untimed.
 */
public final class TimedBlobStore extends ForwardingBlobStore {
  private final OriginMetrics metrics;

  /**
   * @param delegate the store to time; closed with this one
   * @param metrics where the read timings go
   */
  public TimedBlobStore(BlobStore delegate, OriginMetrics metrics) {
    super(delegate);
    this.metrics = metrics;
  }

  @Override
  public CompletableFuture<ByteBuffer> read(String key, long offsetBytes, int lengthBytes) {
    return timed("read", () -> delegate().read(key, offsetBytes, lengthBytes));
  }

  /** Times the start of a streamed read (until the store answered), as op {@code readStream}. */
  @Override
  public CompletableFuture<Publisher<ByteBuffer>> readStream(
      String key, long offsetBytes, int lengthBytes) {
    return timed("readStream", () -> delegate().readStream(key, offsetBytes, lengthBytes));
  }

  @Override
  public CompletableFuture<byte[]> readAll(String key) {
    return timed("readAll", () -> delegate().readAll(key));
  }

  @Override
  public CompletableFuture<List<String>> list(String prefix) {
    return timed("list", () -> delegate().list(prefix));
  }

  @Override
  public CompletableFuture<BlobMetadata> metadata(String key) {
    return timed("metadata", () -> delegate().metadata(key));
  }

  /** Starts the clock before the call, so work a store does before returning its future counts. */
  private <T> CompletableFuture<T> timed(String op, Supplier<CompletableFuture<T>> call) {
    long start = System.nanoTime();
    return call.get()
        .whenComplete((v, e) -> metrics.storeRead(op, outcome(e), System.nanoTime() - start));
  }

  private static String outcome(@Nullable Throwable e) {
    if (e == null) {
      return "ok";
    }
    Throwable f = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    return f instanceof BlobNotFoundException ? "not_found" : "error";
  }
}
