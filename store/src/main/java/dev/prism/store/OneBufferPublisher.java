package dev.prism.store;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicBoolean;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * A publisher of one buffer already read, for {@link BlobStore#readStream}'s default: the buffer
 * (if not empty) on the first request, then completion. One subscriber per publisher; a request of
 * zero or fewer items fails the subscriber (Reactive Streams 1.0.4, rule 3.9).
 */
final class OneBufferPublisher implements Publisher<ByteBuffer> {
  private final ByteBuffer bytes;
  private final AtomicBoolean subscribed = new AtomicBoolean();

  OneBufferPublisher(ByteBuffer bytes) {
    this.bytes = bytes;
  }

  @Override
  public void subscribe(Subscriber<? super ByteBuffer> subscriber) {
    if (!subscribed.compareAndSet(false, true)) {
      subscriber.onSubscribe(
          new Subscription() {
            @Override
            public void request(long n) {}

            @Override
            public void cancel() {}
          });
      subscriber.onError(new IllegalStateException("this publisher allows one subscriber"));
      return;
    }
    AtomicBoolean done = new AtomicBoolean();
    subscriber.onSubscribe(
        new Subscription() {
          @Override
          public void request(long n) {
            if (!done.compareAndSet(false, true)) {
              return;
            }
            if (n <= 0) {
              subscriber.onError(
                  new IllegalArgumentException("request of " + n + " items (rule 3.9)"));
              return;
            }
            if (bytes.hasRemaining()) {
              subscriber.onNext(bytes);
            }
            subscriber.onComplete();
          }

          @Override
          public void cancel() {
            done.set(true);
          }
        });
  }
}
