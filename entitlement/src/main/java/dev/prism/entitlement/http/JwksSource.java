package dev.prism.entitlement.http;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Where a JSON Web Key Set (RFC 7517 §5) comes from: a local file or an {@code http(s)} URL. Each
 * {@link #fetch()} reads it afresh; caching is {@link ViewerTokenVerifier}'s job.
 */
public interface JwksSource {

  /** Reads the JWKS document ({@code {"keys": [...]}}); fails on I/O, a non-200 or bad JSON. */
  Future<JsonObject> fetch();

  /** A short description for logs: the path or URL. */
  String describe();

  /**
   * A source for {@code location}: an {@code http://} or {@code https://} URL (fetched with a 5 s
   * timeout, the JDK's trusted CAs) or a file path.
   */
  static JwksSource of(Vertx vertx, String location) {
    String lower = location.toLowerCase(Locale.ROOT);
    if (lower.startsWith("http://") || lower.startsWith("https://")) {
      return new HttpJwksSource(vertx, location);
    }
    return new FileJwksSource(vertx, Path.of(location));
  }

  /** Reads the JWKS from a file through Vert.x's file system (off the event loop). */
  final class FileJwksSource implements JwksSource {
    private final Vertx vertx;
    private final Path file;

    FileJwksSource(Vertx vertx, Path file) {
      this.vertx = vertx;
      this.file = file;
    }

    @Override
    public Future<JsonObject> fetch() {
      return vertx.fileSystem().readFile(file.toString()).map(Buffer::toJsonObject);
    }

    @Override
    public String describe() {
      return file.toString();
    }
  }

  /**
   * GETs the JWKS from an identity provider's {@code jwks_uri}. Every fetch runs on one Vert.x
   * context: started from a non-Vert.x thread, {@code send().compose(response -> body())} could
   * attach the body handler after the body had already gone by, and never complete.
   */
  final class HttpJwksSource implements JwksSource {
    private static final long TIMEOUT_MS = 5_000;
    private final Context context;
    private final HttpClientAgent client;
    private final String url;

    HttpJwksSource(Vertx vertx, String url) {
      this.context = vertx.getOrCreateContext();
      this.client =
          vertx.createHttpClient(new HttpClientOptions().setConnectTimeout((int) TIMEOUT_MS));
      this.url = url;
    }

    @Override
    public Future<JsonObject> fetch() {
      Promise<JsonObject> promise = Promise.promise();
      context.runOnContext(v -> get().onComplete(promise));
      return promise.future();
    }

    private Future<JsonObject> get() {
      RequestOptions options =
          new RequestOptions()
              .setMethod(HttpMethod.GET)
              .setAbsoluteURI(url)
              .setTimeout(TIMEOUT_MS)
              .putHeader("Accept", "application/json");
      return client
          .request(options)
          .compose(request -> request.send())
          .compose(
              response -> {
                if (response.statusCode() != 200) {
                  return Future.failedFuture(
                      new IllegalStateException(
                          "JWKS " + url + " answered HTTP " + response.statusCode()));
                }
                return response.body();
              })
          .map(Buffer::toJsonObject);
    }

    @Override
    public String describe() {
      return url;
    }
  }
}
