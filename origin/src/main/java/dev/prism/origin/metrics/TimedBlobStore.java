package dev.prism.origin.metrics;

import dev.prism.store.BlobMetadata;
import dev.prism.store.BlobNotFoundException;
import dev.prism.store.BlobStore;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.jspecify.annotations.Nullable;

/** A {@link BlobStore} decorator that times every read into {@link OriginMetrics#storeRead}. */
public final class TimedBlobStore implements BlobStore {
  private final BlobStore delegate;
  private final OriginMetrics metrics;

  public TimedBlobStore(BlobStore delegate, OriginMetrics metrics) {
    this.delegate = delegate;
    this.metrics = metrics;
  }

  @Override
  public CompletableFuture<ByteBuffer> read(String key, long offsetBytes, int lengthBytes) {
    return timed("read", delegate.read(key, offsetBytes, lengthBytes));
  }

  @Override
  public CompletableFuture<byte[]> readAll(String key) {
    return timed("readAll", delegate.readAll(key));
  }

  @Override
  public CompletableFuture<Void> write(String key, byte[] data) {
    return delegate.write(key, data);
  }

  @Override
  public CompletableFuture<Void> upload(String key, Path source) {
    return delegate.upload(key, source);
  }

  @Override
  public CompletableFuture<List<String>> list(String prefix) {
    return timed("list", delegate.list(prefix));
  }

  @Override
  public CompletableFuture<Void> delete(String key) {
    return delegate.delete(key);
  }

  @Override
  public CompletableFuture<BlobMetadata> metadata(String key) {
    return timed("metadata", delegate.metadata(key));
  }

  @Override
  public Optional<Path> localFile(String key) {
    return delegate.localFile(key);
  }

  @Override
  public String describe() {
    return delegate.describe();
  }

  @Override
  public void close() {
    delegate.close();
  }

  private <T> CompletableFuture<T> timed(String op, CompletableFuture<T> future) {
    long start = System.nanoTime();
    return future.whenComplete(
        (v, e) -> metrics.storeRead(op, outcome(e), System.nanoTime() - start));
  }

  private static String outcome(@Nullable Throwable e) {
    if (e == null) {
      return "ok";
    }
    Throwable f = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    return f instanceof BlobNotFoundException ? "not_found" : "error";
  }
}
