package dev.prism.origin;

import dev.prism.origin.config.OriginSettings;
import dev.prism.store.BlobStore;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * One origin on 127.0.0.1:0 over a store (wrapped in a {@link CountingBlobStore}), with a blocking
 * HTTP/1.1 client for assertions. The one origin-starting fixture of the origin tests; the gate
 * tests add their guards through {@code configure}.
 */
public final class TestOrigin implements AutoCloseable {
  public final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  public final Vertx vertx;
  public final OriginServer server;
  final CountingBlobStore store;
  public final URI base;
  final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  public TestOrigin(BlobStore store, OriginSettings settings) {
    this(store, settings, s -> {});
  }

  /**
   * @param configure called with the server before it starts (guards, extra routes)
   */
  public TestOrigin(BlobStore store, OriginSettings settings, Consumer<OriginServer> configure) {
    this.vertx = OriginServer.newVertx(registry);
    this.store = new CountingBlobStore(store);
    this.server = new OriginServer(vertx, settings, this.store, registry, Clock.systemUTC());
    configure.accept(server);
    int port = server.start().await();
    this.base = URI.create("http://127.0.0.1:" + port);
  }

  /** GET {@code pathOrUri} (resolved against {@link #base}) with header name/value pairs. */
  public HttpResponse<byte[]> get(String pathOrUri, String... headers) {
    return send("GET", pathOrUri, headers);
  }

  public HttpResponse<byte[]> send(String method, String pathOrUri, String... headers) {
    return send(http, method, pathOrUri, headers);
  }

  /** Sends with another client (e.g. an HTTP/2 one); headers are name/value pairs. */
  public HttpResponse<byte[]> send(
      HttpClient client, String method, String pathOrUri, String... headers) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(base.resolve(pathOrUri))
            .method(method, HttpRequest.BodyPublishers.noBody())
            .timeout(Duration.ofSeconds(20));
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    try {
      return client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The Prometheus exposition, as {@code /metrics} serves it. */
  public String scrape() {
    return registry.scrape();
  }

  @Override
  public void close() {
    server.stop().await();
    vertx.close().await();
  }
}
