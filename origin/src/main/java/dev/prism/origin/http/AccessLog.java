package dev.prism.origin.http;

import dev.prism.origin.metrics.OriginMetrics;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first handler of every request: names the route, and when the response ends records the
 * request metrics and writes one JSON access-log line to the SLF4J logger {@code prism.access}.
 *
 * <p>Fields: {@code ts} (ISO-8601 UTC), {@code method}, {@code path}, {@code status}, {@code bytes}
 * (body bytes written), {@code ms} (elapsed, fractional), {@code route}, {@code remote}, and when
 * present {@code range}, {@code ua}, {@code denial}. Query strings are never logged (they may carry
 * signatures).
 */
public final class AccessLog implements Handler<RoutingContext> {
  /** The logger's name; route it to its own appender in logback.xml. */
  public static final String LOGGER = "prism.access";

  private static final Logger ACCESS = LoggerFactory.getLogger(LOGGER);
  private final OriginMetrics metrics;
  private final Clock clock;

  /**
   * @param metrics where request counts, latencies and bytes go
   * @param clock the wall clock for the {@code ts} field
   */
  public AccessLog(OriginMetrics metrics, Clock clock) {
    this.metrics = metrics;
    this.clock = clock;
  }

  @Override
  public void handle(RoutingContext ctx) {
    long startNanos = System.nanoTime();
    HttpServerRequest request = ctx.request();
    String route = RouteNames.classify(request.path());
    ctx.put(RouteContextKeys.ROUTE, route);
    ctx.addEndHandler(
        done -> {
          long elapsed = System.nanoTime() - startNanos;
          int status = ctx.response().getStatusCode();
          long bytes = ctx.response().bytesWritten();
          metrics.recordRequest(route, request.method().name(), status, elapsed, bytes);
          if (ACCESS.isInfoEnabled()) {
            ACCESS.info(line(ctx, clock, route, status, bytes, elapsed));
          }
        });
    ctx.next();
  }

  static String line(
      RoutingContext ctx, Clock clock, String route, int status, long bytes, long nanos) {
    HttpServerRequest request = ctx.request();
    JsonObject json =
        new JsonObject()
            .put("ts", clock.instant().toString())
            .put("method", request.method().name())
            .put("path", request.path())
            .put("status", status)
            .put("bytes", bytes)
            .put("ms", Math.round(nanos / 1_000.0) / 1_000.0)
            .put("route", route);
    SocketAddress remote = request.remoteAddress();
    if (remote != null) {
      json.put("remote", remote.hostAddress());
    }
    putIfPresent(json, "range", request.getHeader(HeaderNames.RANGE));
    putIfPresent(json, "ua", request.getHeader(HttpHeaders.USER_AGENT));
    putIfPresent(json, "denial", ctx.get(RouteContextKeys.DENIAL));
    return json.encode();
  }

  private static void putIfPresent(JsonObject json, String field, @Nullable String value) {
    if (value != null) {
      json.put(field, value);
    }
  }
}
