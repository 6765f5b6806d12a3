package dev.prism.store.testing;

import dev.prism.store.S3StoreSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real S3-compatible server (S3Proxy with its filesystem backend) on 127.0.0.1 and a free port,
 * with a bucket ready, for tests of anything that talks to S3.
 *
 * <p>As a JUnit 5 extension on a static field it starts before the class's first test and stops
 * after its last:
 *
 * <pre>{@code
 * @RegisterExtension static final S3ProxyFixture S3 = new S3ProxyFixture();
 *
 * @Test void something() {
 *   try (BlobStore store = BlobStores.s3(S3.settings())) { ... }
 * }
 * }</pre>
 *
 * <p>Outside JUnit, call {@link #start()} and {@link #close()}. Other modules depend on the store's
 * test-jar and on {@code org.gaul:s3proxy} (test scope) to use it; they should set the {@code
 * org.gaul} and {@code org.eclipse.jetty} loggers to WARN in their {@code logback-test.xml}.
 */
public final class S3ProxyFixture implements BeforeAllCallback, AfterAllCallback, AutoCloseable {
  public static final String ACCESS_KEY_ID = "prism-test-id";
  public static final String SECRET_ACCESS_KEY = "prism-test-secret";
  public static final String REGION = "us-east-1";
  public static final String BUCKET = "prism-test";

  private final AtomicInteger bucketCount = new AtomicInteger();
  private @Nullable S3Proxy proxy;
  private @Nullable FilesystemNio2BlobStore backend;
  private @Nullable Path directory;

  /**
   * Starts the server and creates {@link #BUCKET}, unless already started. Takes about 1-2 s.
   *
   * @return this, for chaining
   */
  public synchronized S3ProxyFixture start() {
    if (proxy != null) {
      return this;
    }
    try {
      directory = Files.createTempDirectory("prism-s3proxy-");
      backend = new FilesystemNio2BlobStore(directory.toString());
      S3Proxy started =
          S3Proxy.builder()
              .blobStore(backend)
              .endpoint(URI.create("http://127.0.0.1:0"))
              .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY_ID, SECRET_ACCESS_KEY)
              .build();
      started.start();
      long deadlineNanos = System.nanoTime() + 30_000_000_000L;
      while (!"STARTED".equals(started.getState())) {
        if (System.nanoTime() > deadlineNanos) {
          started.stop();
          throw new IllegalStateException("S3Proxy did not start: " + started.getState());
        }
        Thread.sleep(10);
      }
      proxy = started;
      backend.createContainer(BUCKET);
      return this;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting S3Proxy", e);
    } catch (Exception e) {
      throw new IllegalStateException("cannot start S3Proxy: " + e, e);
    }
  }

  /** The server's endpoint, {@code http://127.0.0.1:{port}}. */
  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + running().getPort());
  }

  /** Settings for {@link #BUCKET}: path-style access, static test credentials, no prefix. */
  public S3StoreSettings settings() {
    return settings(BUCKET);
  }

  /**
   * Creates a fresh empty bucket, so a test starts from nothing without cleaning up after others.
   *
   * @return settings for the new bucket
   */
  public S3StoreSettings newBucket() {
    String bucket = BUCKET + "-" + bucketCount.incrementAndGet();
    running();
    if (backend != null) {
      backend.createContainer(bucket);
    }
    return settings(bucket);
  }

  /**
   * Settings for {@code bucket} on this server, which need not exist (to test a missing bucket).
   */
  public S3StoreSettings settings(String bucket) {
    return new S3StoreSettings(
        bucket, "", REGION, endpoint(), true, ACCESS_KEY_ID, SECRET_ACCESS_KEY);
  }

  /** The folder the server keeps its buckets in (one subfolder per bucket). */
  public Path directory() {
    running();
    if (directory == null) {
      throw new IllegalStateException("S3Proxy is not running");
    }
    return directory;
  }

  /** Stops the server and deletes its folder. Safe to call twice. */
  @Override
  public synchronized void close() {
    S3Proxy running = proxy;
    proxy = null;
    backend = null;
    try {
      if (running != null) {
        running.stop();
      }
    } catch (Exception e) {
      throw new IllegalStateException("cannot stop S3Proxy", e);
    } finally {
      deleteDirectory();
    }
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    start();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    close();
  }

  private synchronized S3Proxy running() {
    if (proxy == null) {
      throw new IllegalStateException("S3Proxy is not running: call start() first");
    }
    return proxy;
  }

  private void deleteDirectory() {
    Path folder = directory;
    directory = null;
    if (folder == null) {
      return;
    }
    try (Stream<Path> paths = Files.walk(folder)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + folder, e);
    }
  }
}
