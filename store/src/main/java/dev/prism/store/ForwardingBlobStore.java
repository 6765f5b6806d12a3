package dev.prism.store;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A {@link BlobStore} that forwards every call to another store, for decorators (metrics, fault
 * injection, counting) that override only the calls they observe.
 *
 * <p>{@link #readStream} is not forwarded: its default reads whole through this store's {@link
 * #read}, so a decorator that observes {@code read} sees every read. A decorator that should pass a
 * store's streaming through overrides {@code readStream} to call the delegate's.
 *
 * <p>{@link #close()} closes the delegate; {@link #describe()} returns the delegate's description.
 * Override either where the decorator should say otherwise.
 */
public abstract class ForwardingBlobStore implements BlobStore {
  private final BlobStore delegate;

  /** Forwards to {@code delegate}, which this store now owns (it is closed with this one). */
  protected ForwardingBlobStore(BlobStore delegate) {
    this.delegate = delegate;
  }

  /** The store every call not overridden goes to. */
  protected final BlobStore delegate() {
    return delegate;
  }

  @Override
  public CompletableFuture<ByteBuffer> read(String key, long offsetBytes, int lengthBytes) {
    return delegate.read(key, offsetBytes, lengthBytes);
  }

  @Override
  public CompletableFuture<byte[]> readAll(String key) {
    return delegate.readAll(key);
  }

  @Override
  public CompletableFuture<Void> write(String key, byte[] data) {
    return delegate.write(key, data);
  }

  @Override
  public CompletableFuture<TaggedBytes> readTagged(String key) {
    return delegate.readTagged(key);
  }

  @Override
  public CompletableFuture<String> writeIfAbsent(String key, byte[] data) {
    return delegate.writeIfAbsent(key, data);
  }

  @Override
  public CompletableFuture<String> writeIfMatch(String key, byte[] data, String expectedEtag) {
    return delegate.writeIfMatch(key, data, expectedEtag);
  }

  @Override
  public CompletableFuture<Void> copy(String sourceKey, String targetKey) {
    return delegate.copy(sourceKey, targetKey);
  }

  @Override
  public CompletableFuture<Void> upload(String key, Path source) {
    return delegate.upload(key, source);
  }

  @Override
  public CompletableFuture<List<String>> list(String prefix) {
    return delegate.list(prefix);
  }

  @Override
  public CompletableFuture<Void> delete(String key) {
    return delegate.delete(key);
  }

  @Override
  public CompletableFuture<BlobMetadata> metadata(String key) {
    return delegate.metadata(key);
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
}
