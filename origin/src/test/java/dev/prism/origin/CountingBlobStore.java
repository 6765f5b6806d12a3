package dev.prism.origin;

import dev.prism.store.BlobMetadata;
import dev.prism.store.BlobStore;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Test decorator: counts ranged reads per (key, offset), to prove single-flight loading. */
final class CountingBlobStore implements BlobStore {
  private final BlobStore delegate;
  private final Map<String, AtomicInteger> reads = new ConcurrentHashMap<>();
  private final AtomicInteger totalReads = new AtomicInteger();

  CountingBlobStore(BlobStore delegate) {
    this.delegate = delegate;
  }

  int reads(String key, long offsetBytes) {
    AtomicInteger n = reads.get(key + "@" + offsetBytes);
    return n == null ? 0 : n.get();
  }

  int totalReads() {
    return totalReads.get();
  }

  @Override
  public CompletableFuture<ByteBuffer> read(String key, long offsetBytes, int lengthBytes) {
    reads.computeIfAbsent(key + "@" + offsetBytes, k -> new AtomicInteger()).incrementAndGet();
    totalReads.incrementAndGet();
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
    return "counting(" + delegate.describe() + ")";
  }

  @Override
  public void close() {
    delegate.close();
  }
}
