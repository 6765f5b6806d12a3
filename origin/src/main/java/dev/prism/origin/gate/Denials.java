package dev.prism.origin.gate;

import dev.prism.entitlement.signing.DenialReason;
import dev.prism.origin.http.RouteContextKeys;
import dev.prism.origin.metrics.OriginMetrics;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;

/**
 * Refuses a request the one way every guard does: the reason goes to the access log line ({@link
 * RouteContextKeys#DENIAL}) and to {@code prism_gate_denials_total{guard,reason}}; the client gets
 * the origin's fixed {@code 403 Forbidden} (text/plain, {@code Cache-Control: no-store}) from the
 * failure handler, identical for every reason.
 */
final class Denials {
  /** Shared: a denial must not cost a stack trace. */
  private static final HttpException FORBIDDEN = new HttpException(403);

  private Denials() {}

  static void deny(RoutingContext ctx, OriginMetrics metrics, String guard, DenialReason reason) {
    String label = reason.label();
    ctx.put(RouteContextKeys.DENIAL, label);
    metrics.gateDenial(guard, label);
    ctx.fail(FORBIDDEN);
  }
}
