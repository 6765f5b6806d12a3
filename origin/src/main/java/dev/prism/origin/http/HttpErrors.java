package dev.prism.origin.http;

import dev.prism.origin.delivery.CorruptTrackException;
import dev.prism.origin.delivery.CorruptVersionException;
import dev.prism.origin.delivery.GuardedBlobStore;
import dev.prism.packager.MissingResourceException;
import dev.prism.packager.PackagingException;
import dev.prism.store.BlobNotFoundException;
import dev.prism.store.BlobStoreException;
import dev.prism.store.contract.AssetNotFoundException;
import dev.prism.store.contract.CorruptDocumentException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where failures become HTTP statuses. Bodies are short fixed texts: never a stack
 * trace, a store key or a path.
 *
 * <table>
 *   <caption>failure → status</caption>
 *   <tr><td>{@link HttpException}</td><td>its status (400 for ids that fail validation)</td></tr>
 *   <tr><td>{@link MissingResourceException} (the packager), {@link AssetNotFoundException} (the
 *       catalog), {@link BlobNotFoundException}</td><td>404</td></tr>
 *   <tr><td>{@link CorruptTrackException} (a {@link PackagingException} of stored content, with
 *       where), any other {@link PackagingException}</td><td>502, one log line naming asset,
 *       track, offset</td></tr>
 *   <tr><td>{@link CorruptDocumentException} (asset.json, ladder.json)</td><td>502, one log line
 *       naming the key</td></tr>
 *   <tr><td>{@link CorruptVersionException} (a remembered verdict)</td><td>502, logged as its
 *       cause by the answer that reached the verdict only</td></tr>
 *   <tr><td>{@link BlobStoreException} (a store failure, a time bound, the open store circuit
 *       breaker), {@link RejectedExecutionException} (a full packaging queue: load shed)</td><td>503
 *       with {@code Retry-After} (RFC 9110 §10.2.3)</td></tr>
 *   <tr><td>anything else</td><td>500, logged as one line (route, path, cause) plus its stack trace</td></tr>
 * </table>
 */
public final class HttpErrors {
  private static final Logger LOG = LoggerFactory.getLogger(HttpErrors.class);

  /** Seconds a client should wait before retrying after a 503. */
  static final String RETRY_AFTER_SECONDS = "5";

  private HttpErrors() {}

  /** The status for {@code failure} (unwrapping completion wrappers). */
  public static int statusFor(Throwable failure) {
    Throwable f = unwrap(failure);
    if (f instanceof HttpException e) {
      return e.getStatusCode();
    } else if (f instanceof MissingResourceException
        || f instanceof AssetNotFoundException
        || f instanceof BlobNotFoundException) {
      return 404;
    } else if (f instanceof CorruptTrackException
        || f instanceof CorruptVersionException
        || f instanceof CorruptDocumentException
        || f instanceof PackagingException) {
      return 502;
    } else if (f instanceof BlobStoreException || f instanceof RejectedExecutionException) {
      return 503;
    }
    return 500;
  }

  /** The router's failure handler: maps, logs where the table says so, answers a short text. */
  public static void respond(RoutingContext ctx) {
    Throwable failure = ctx.failure();
    int status = failure == null ? ctx.statusCode() : statusFor(failure);
    // ctx.fail(throwable) reports status 500 too: only another 4xx/5xx is a library handler's
    // explicit status (CORS: 403), whose failure is not ours to log. Dropping the failure on a
    // plain 500 made unexpected failures silent.
    if (status == 500 && ctx.statusCode() >= 400 && ctx.statusCode() != 500) {
      status = ctx.statusCode();
      failure = null;
    }
    if (status < 400) {
      status = 500;
    }
    Throwable f = failure == null ? null : unwrap(failure);
    log(ctx, status, f);
    HttpServerResponse response = ctx.response();
    if (response.headWritten()) {
      response.reset(); // mid-body failure: the client must see a broken response, not a short one
      return;
    }
    // Keep CORS headers (a cross-origin player must be able to read the status); drop the rest.
    response
        .headers()
        .remove(HttpHeaders.ETAG)
        .remove(HttpHeaders.CONTENT_RANGE)
        .remove(HttpHeaders.CONTENT_ENCODING)
        .remove(HttpHeaders.CONTENT_LENGTH)
        .remove(HttpHeaders.ACCEPT_RANGES);
    if (status == 503) {
      response.putHeader(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
    }
    response
        .setStatusCode(status)
        .putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; charset=utf-8")
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
        .end(reason(status) + "\n");
  }

  private static void log(RoutingContext ctx, int status, @Nullable Throwable failure) {
    Throwable f = failure;
    if (f instanceof CorruptVersionException v) {
      if (!v.firstReport()) {
        return; // answered from a remembered verdict: logged once when it was reached
      }
      f = v.getCause(); // logged as the fault it remembers
    }
    if (f instanceof CorruptTrackException c) {
      LOG.error(
          "corrupt track: asset={} version={} track={} offset={} path={}: {}",
          c.assetId(),
          c.version(),
          c.trackId(),
          c.offsetBytes(),
          ctx.request().path(),
          c.getCause() == null ? c.getMessage() : c.getCause().getMessage());
    } else if (f instanceof CorruptDocumentException d) {
      LOG.error(
          "corrupt document: key={} path={}: {}",
          d.key(),
          ctx.request().path(),
          d.getCause() == null ? d.getMessage() : d.getCause().getMessage());
    } else if (f instanceof PackagingException p) {
      LOG.error("corrupt content: path={}: {}", ctx.request().path(), p.getMessage());
    } else if (f instanceof RejectedExecutionException) {
      LOG.debug("shed {}: {}", ctx.request().path(), f.toString()); // counted in prism_load_shed
    } else if (f instanceof GuardedBlobStore.StoreUnavailableException) {
      // One line per request while the breaker is open would flood the log; the breaker's
      // transitions and prism_store_breaker_calls_total{outcome="not_permitted"} say it.
      LOG.debug("store circuit open for {}", ctx.request().path());
    } else if (f instanceof BlobStoreException) {
      LOG.warn("store unavailable for {}: {}", ctx.request().path(), f.toString());
    } else if (status == 500) {
      // One summary line (route and cause) that greps well, then the stack trace if there is one.
      LOG.error(
          "unexpected failure: route={} path={} cause={}",
          ctx.<String>get(RouteContextKeys.ROUTE),
          ctx.request().path(),
          f == null ? "none (status " + ctx.statusCode() + ")" : f.toString(),
          f);
    }
  }

  static String reason(int status) {
    switch (status) {
      case 400:
        return "Bad Request";
      case 403:
        return "Forbidden";
      case 404:
        return "Not Found";
      case 405:
        return "Method Not Allowed";
      case 416:
        return "Range Not Satisfiable";
      case 502:
        return "Bad Gateway";
      case 503:
        return "Service Unavailable";
      default:
        return status < 500 ? "Client Error" : "Internal Server Error";
    }
  }

  static Throwable unwrap(Throwable failure) {
    Throwable f = failure;
    while ((f instanceof CompletionException || f instanceof ExecutionException)
        && f.getCause() != null) {
      f = f.getCause();
    }
    return f;
  }
}
