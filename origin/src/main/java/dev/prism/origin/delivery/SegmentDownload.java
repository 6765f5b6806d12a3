package dev.prism.origin.delivery;

import dev.prism.store.BlobStoreException;
import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * One media segment coming from a remote store as a stream ({@link
 * dev.prism.store.BlobStore#readStream}): every byte is kept for the {@code segments} cache ({@link
 * #whole()}), and one response at most ({@link #streamTo}) is sent the bytes as they arrive, with
 * the segment's {@code Content-Length} known in advance.
 *
 * <p>Back-pressure: while a response is attached, one buffer is requested from the store at a time,
 * and the next only when the response's write queue has room ({@link
 * HttpServerResponse#writeQueueFull()}, else its drain handler). With no response attached (none
 * yet, HEAD, a range, a 304, a client gone) the download goes on at the store's pace, because the
 * cache takes every byte anyway.
 *
 * <p>A failure after the headers were sent, or a body shorter or longer than the segment, resets
 * the response ({@link HttpServerResponse#reset()}: an HTTP/1.1 connection is closed, an HTTP/2
 * stream reset), so the client sees an incomplete message, never a complete 200 (RFC 9110 §8.6: a
 * message ending before {@code Content-Length} bytes is incomplete). {@link #whole()} then fails
 * and nothing is cached. A failure before the headers went out is passed to the response's error
 * path (503/502 as for a whole read).
 *
 * <p>Store threads call the subscriber methods; the response is only touched on its own context.
 */
public final class SegmentDownload implements Subscriber<ByteBuffer> {
  private final String key;
  private final long expectedBytes;
  private final CompletableFuture<Buffer> whole = new CompletableFuture<>();

  // Guarded by this.
  private final Buffer received;
  private @Nullable Subscription subscription;
  private boolean outstanding;
  private boolean ended;
  private @Nullable Throwable failure;
  private @Nullable Sink sink;
  private boolean attachedOnce;

  /** The response being sent the bytes, with its context and its error path. */
  private static final class Sink {
    final HttpServerResponse response;
    final Context context;
    final Consumer<Throwable> failBeforeHeaders;
    int written;

    Sink(HttpServerResponse response, Context context, Consumer<Throwable> failBeforeHeaders) {
      this.response = response;
      this.context = context;
      this.failBeforeHeaders = failBeforeHeaders;
    }
  }

  /**
   * @param key the store key read, for messages
   * @param expectedBytes the segment's length in bytes, as the track index gives it
   */
  SegmentDownload(String key, long expectedBytes) {
    this.key = key;
    this.expectedBytes = expectedBytes;
    this.received = Buffer.buffer(Math.toIntExact(expectedBytes));
  }

  /** The segment's length in bytes. */
  public long lengthBytes() {
    return expectedBytes;
  }

  /**
   * Every byte of the segment once the store sent the last one; fails with a {@link
   * BlobStoreException} when the stream failed or ended short or long.
   */
  public CompletableFuture<Buffer> whole() {
    return whole;
  }

  /**
   * Sends the segment to {@code response} as it arrives: status 200 with {@code Content-Length},
   * the bytes already received at once, the rest under back-pressure. Only the first call attaches;
   * later ones return false and should send {@link #whole()} instead.
   *
   * @param context the response's context, where every write runs
   * @param failBeforeHeaders what to do with a failure before any byte was sent (the route's error
   *     path)
   * @return whether the response was attached
   */
  public boolean streamTo(
      HttpServerResponse response, Context context, Consumer<Throwable> failBeforeHeaders) {
    Sink s = new Sink(response, context, failBeforeHeaders);
    synchronized (this) {
      if (attachedOnce) {
        return false;
      }
      attachedOnce = true;
      sink = s;
    }
    response.putHeader(HttpHeaders.CONTENT_LENGTH, Long.toString(expectedBytes));
    response.closeHandler(v -> detach(s));
    context.runOnContext(v -> pump(s));
    return true;
  }

  @Override
  public void onSubscribe(Subscription s) {
    synchronized (this) {
      subscription = s;
      outstanding = true;
    }
    s.request(1);
  }

  @Override
  public void onNext(ByteBuffer item) {
    Sink s;
    boolean requestNow;
    synchronized (this) {
      outstanding = false;
      if (ended) {
        return;
      }
      received.appendBytes(toArray(item));
      if (received.length() > expectedBytes) {
        fail(tooLong());
        return;
      }
      s = sink;
      requestNow = s == null;
      outstanding = requestNow;
    }
    if (s != null) {
      s.context.runOnContext(v -> pump(s));
    } else {
      request();
    }
  }

  @Override
  public void onError(Throwable t) {
    synchronized (this) {
      if (ended) {
        return;
      }
      fail(
          new BlobStoreException(
              "reading " + key + " failed after " + received.length() + " bytes: " + t, t));
    }
  }

  @Override
  public void onComplete() {
    synchronized (this) {
      if (ended) {
        return;
      }
      if (received.length() != expectedBytes) {
        String message =
            "reading "
                + key
                + " ended after "
                + received.length()
                + " of "
                + expectedBytes
                + " bytes";
        fail(new BlobStoreException(message, new EOFException(message)));
        return;
      }
      ended = true;
    }
    whole.complete(received);
    wakeSink();
  }

  /** Fails the download (caller holds the lock); the sink learns of it on its context. */
  private void fail(BlobStoreException f) {
    ended = true;
    failure = f;
    Subscription s = subscription;
    if (s != null) {
      s.cancel();
    }
    whole.completeExceptionally(f);
    Sink sk = sink;
    if (sk != null) {
      sk.context.runOnContext(v -> pump(sk));
    }
  }

  private BlobStoreException tooLong() {
    String message = "reading " + key + " gave more than the segment's " + expectedBytes + " bytes";
    return new BlobStoreException(message, new IOException(message));
  }

  private void wakeSink() {
    Sink s;
    synchronized (this) {
      s = sink;
    }
    if (s != null) {
      s.context.runOnContext(v -> pump(s));
    }
  }

  /** The client went away: the download goes on for the cache without it. */
  private void detach(Sink s) {
    boolean requestNow;
    synchronized (this) {
      if (sink != s) {
        return;
      }
      sink = null;
      requestNow = !outstanding && !ended;
      outstanding = outstanding || requestNow;
    }
    if (requestNow) {
      request();
    }
  }

  /** Writes what arrived and is not sent yet, then ends, resets, or asks for more (its context). */
  private void pump(Sink s) {
    Buffer chunk = null;
    boolean complete;
    Throwable failed;
    synchronized (this) {
      if (sink != s) {
        return;
      }
      failed = failure;
      complete = ended && failed == null;
      if (failed == null && s.written < received.length()) {
        chunk = received.getBuffer(s.written, received.length());
        s.written = received.length();
      }
      if (failed != null || complete) {
        sink = null; // answered: nothing more for this response
      }
    }
    HttpServerResponse response = s.response;
    if (failed != null) {
      if (response.headWritten()) {
        response.reset(); // an incomplete message (RFC 9110 §8.6), never a short 200
      } else {
        response.headers().remove(HttpHeaders.CONTENT_LENGTH);
        s.failBeforeHeaders.accept(failed);
      }
      return;
    }
    if (chunk != null) {
      response.write(chunk);
    }
    if (complete) {
      response.end();
      return;
    }
    if (response.writeQueueFull()) {
      response.drainHandler(v -> requestIfAttached(s));
    } else {
      requestIfAttached(s);
    }
  }

  private void requestIfAttached(Sink s) {
    synchronized (this) {
      if (sink != s || outstanding || ended) {
        return;
      }
      outstanding = true;
    }
    request();
  }

  private void request() {
    Subscription s;
    synchronized (this) {
      s = subscription;
    }
    if (s != null) {
      s.request(1);
    }
  }

  private static byte[] toArray(ByteBuffer b) {
    byte[] out = new byte[b.remaining()];
    b.duplicate().get(out);
    return out;
  }
}
