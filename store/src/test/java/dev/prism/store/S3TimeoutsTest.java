package dev.prism.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A bucket that accepts connections and never answers: every read fails within its bound with
 * {@link BlobStoreException}, instead of holding its caller forever.
 */
class S3TimeoutsTest {

  @Test
  @Timeout(30)
  void reads_silentServer_failWithinApiCallTimeout() throws Exception {
    List<Socket> held = new CopyOnWriteArrayList<>();
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Thread acceptor =
          new Thread(
              () -> {
                while (!silent.isClosed()) {
                  try {
                    held.add(silent.accept()); // read nothing, answer nothing
                  } catch (IOException e) {
                    return;
                  }
                }
              },
              "silent-s3");
      acceptor.setDaemon(true);
      acceptor.start();
      S3StoreSettings settings =
          new S3StoreSettings(
              "b",
              "",
              "us-east-1",
              URI.create("http://127.0.0.1:" + silent.getLocalPort()),
              true,
              "id",
              "secret");
      S3Timeouts timeouts =
          new S3Timeouts(
              Duration.ofMillis(1_500),
              Duration.ofMillis(400),
              Duration.ofMillis(500),
              Duration.ofMillis(500),
              10);
      try (BlobStore store = BlobStores.s3(settings, timeouts)) {
        for (Runnable read :
            List.<Runnable>of(
                () -> store.read("a/k", 0, 10).join(),
                () -> store.readAll("a/asset.json").join(),
                () -> store.metadata("a/k").join(),
                () -> store.list("a/").join())) {
          long start = System.nanoTime();
          assertThatThrownBy(read::run)
              .isInstanceOf(CompletionException.class)
              .hasCauseInstanceOf(BlobStoreException.class);
          assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        }
      }
    } finally {
      for (Socket s : held) {
        s.close();
      }
    }
  }

  @Test
  void attemptLongerThanCall_refused() {
    assertThatThrownBy(
            () ->
                new S3Timeouts(
                    Duration.ofSeconds(1),
                    Duration.ofSeconds(2),
                    Duration.ofSeconds(1),
                    Duration.ofSeconds(1),
                    1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
