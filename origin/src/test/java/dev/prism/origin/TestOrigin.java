package dev.prism.origin;

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

/** One origin on 127.0.0.1:0 over a store, with a blocking HTTP/1.1 client for assertions. */
final class TestOrigin implements AutoCloseable {
  final Vertx vertx;
  final OriginServer server;
  final CountingBlobStore store;
  final URI base;
  final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  TestOrigin(BlobStore store, OriginSettings settings) {
    this(store, settings, s -> {});
  }

  TestOrigin(BlobStore store, OriginSettings settings, Consumer<OriginServer> configure) {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    this.vertx = OriginServer.newVertx(registry);
    this.store = new CountingBlobStore(store);
    this.server = new OriginServer(vertx, settings, this.store, registry, Clock.systemUTC());
    configure.accept(server);
    int port = server.start().await();
    this.base = URI.create("http://127.0.0.1:" + port);
  }

  HttpResponse<byte[]> get(String pathOrUri, String... headers) {
    return send("GET", pathOrUri, headers);
  }

  HttpResponse<byte[]> send(String method, String pathOrUri, String... headers) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(base.resolve(pathOrUri))
            .method(method, HttpRequest.BodyPublishers.noBody())
            .timeout(Duration.ofSeconds(20));
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    try {
      return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    server.stop().await();
    vertx.close().await();
  }
}
