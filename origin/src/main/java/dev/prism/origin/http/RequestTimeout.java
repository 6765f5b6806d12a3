package dev.prism.origin.http;

import dev.prism.origin.metrics.OriginMetrics;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * A bound on how long a request may wait for its response to start: past it the client gets 503
 * with {@code Retry-After} (RFC 9110 §10.2.3, §15.6.4) through {@link HttpErrors}, and {@code
 * prism_load_shed_total{reason="request_timeout"}} counts it.
 *
 * <p>Unlike Vert.x Web's {@code TimeoutHandler}, a response whose head has been written is never
 * cut: a large segment sent to a slow (or paced) client may take longer than the bound. The timer
 * stops when the head is written or the response ends.
 */
public final class RequestTimeout implements Handler<RoutingContext> {
  private final long timeoutMillis;
  private final OriginMetrics metrics;

  /**
   * @param timeoutMillis the bound, in milliseconds (&gt; 0)
   * @param metrics where a timed-out request is counted
   */
  public RequestTimeout(long timeoutMillis, OriginMetrics metrics) {
    if (timeoutMillis <= 0) {
      throw new IllegalArgumentException("timeoutMillis <= 0: " + timeoutMillis);
    }
    this.timeoutMillis = timeoutMillis;
    this.metrics = metrics;
  }

  @Override
  public void handle(RoutingContext ctx) {
    long timer =
        ctx.vertx()
            .setTimer(
                timeoutMillis,
                t -> {
                  if (!ctx.response().headWritten() && !ctx.response().ended() && !ctx.failed()) {
                    metrics.loadShed("request_timeout");
                    ctx.fail(503);
                  }
                });
    ctx.addHeadersEndHandler(v -> ctx.vertx().cancelTimer(timer));
    ctx.addEndHandler(v -> ctx.vertx().cancelTimer(timer));
    ctx.next();
  }
}
