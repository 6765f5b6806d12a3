package dev.prism.origin.gate;

import dev.prism.entitlement.signing.DenialReason;
import dev.prism.entitlement.signing.OriginSecrets;
import dev.prism.origin.metrics.OriginMetrics;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * The origin secret: the CDN adds a custom header (default {@code X-Origin-Secret}) to every origin
 * request, so requests that did not come through the CDN are refused. Several values are accepted
 * at once, so a secret rotates without downtime (add the new value here, switch the CDN, remove the
 * old value).
 *
 * <p>The comparison is the signing package's {@link OriginSecrets}: SHA-256 of both sides, {@code
 * MessageDigest.isEqual}, every accepted value compared (constant time in content and length). A
 * request must carry the header exactly once; otherwise, or on a mismatch, it is refused with
 * {@link DenialReason#ORIGIN_SECRET}. With no values configured the handler admits everything.
 */
public final class OriginSecretHandler implements Handler<RoutingContext> {
  /** The guard label on {@code prism_gate_denials_total}. */
  public static final String GUARD = "origin_secret";

  private final String header;
  private final OriginSecrets secrets;
  private final OriginMetrics metrics;

  /**
   * @param header the request header, e.g. {@code X-Origin-Secret}
   * @param acceptedValues the accepted secrets; empty = not required
   * @param metrics where denials are counted
   * @throws IllegalArgumentException if the header name is blank or a value is empty
   */
  public OriginSecretHandler(String header, List<String> acceptedValues, OriginMetrics metrics) {
    if (header.isBlank()) {
      throw new IllegalArgumentException("blank origin secret header");
    }
    this.header = header;
    this.secrets = OriginSecrets.of(acceptedValues);
    this.metrics = metrics;
  }

  /** Whether requests must carry a secret (at least one value is configured). */
  public boolean required() {
    return secrets.required();
  }

  /** The header name checked. */
  public String header() {
    return header;
  }

  @Override
  public void handle(RoutingContext ctx) {
    if (!secrets.required()) {
      ctx.next();
      return;
    }
    List<String> presented = ctx.request().headers().getAll(header);
    if (presented.size() == 1 && secrets.accepts(presented.get(0))) {
      ctx.next();
    } else {
      Denials.deny(ctx, metrics, GUARD, DenialReason.ORIGIN_SECRET);
    }
  }
}
