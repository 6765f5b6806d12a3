package dev.prism.origin;

import dev.prism.store.BlobStore;
import dev.prism.store.ForwardingBlobStore;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.reactivestreams.Publisher;

/** Test decorator: counts ranged reads per (key, offset), to prove single-flight loading. */
final class CountingBlobStore extends ForwardingBlobStore {
  private final Map<String, AtomicInteger> reads = new ConcurrentHashMap<>();
  private final AtomicInteger totalReads = new AtomicInteger();

  CountingBlobStore(BlobStore delegate) {
    super(delegate);
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
    return delegate().read(key, offsetBytes, lengthBytes);
  }

  /** A streamed read counts as a read (it is one ranged GET). */
  @Override
  public CompletableFuture<Publisher<ByteBuffer>> readStream(
      String key, long offsetBytes, int lengthBytes) {
    reads.computeIfAbsent(key + "@" + offsetBytes, k -> new AtomicInteger()).incrementAndGet();
    totalReads.incrementAndGet();
    return delegate().readStream(key, offsetBytes, lengthBytes);
  }

  @Override
  public String describe() {
    return "counting(" + delegate().describe() + ")";
  }
}
