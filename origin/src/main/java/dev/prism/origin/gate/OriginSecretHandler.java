package dev.prism.origin.gate;

import dev.prism.entitlement.signing.DenialReason;
import dev.prism.origin.metrics.OriginMetrics;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The origin secret (issue 6, item 4): the CDN adds a custom header (default {@code
 * X-Origin-Secret}) to every origin request, so requests that did not come through the CDN are
 * refused. Several values are accepted at once, so a secret rotates without downtime (add the new
 * value here, switch the CDN, remove the old value).
 *
 * <p>Comparison is constant time: the presented value and every accepted value are hashed with
 * SHA-256 and compared with {@link MessageDigest#isEqual} (equal lengths, so no early exit), and
 * every accepted value is compared, whatever matched before. A request must carry the header
 * exactly once; otherwise, or on a mismatch, it is refused with {@link DenialReason#ORIGIN_SECRET}.
 * With no values configured the handler admits everything.
 */
public final class OriginSecretHandler implements Handler<RoutingContext> {
  /** The guard label on {@code prism_gate_denials_total}. */
  public static final String GUARD = "origin_secret";

  private final String header;
  private final List<byte[]> acceptedDigests;
  private final OriginMetrics metrics;

  /**
   * @param header the request header, e.g. {@code X-Origin-Secret}
   * @param acceptedValues the accepted secrets; empty = not required
   * @param metrics where denials are counted
   */
  public OriginSecretHandler(String header, List<String> acceptedValues, OriginMetrics metrics) {
    if (header.isBlank()) {
      throw new IllegalArgumentException("blank origin secret header");
    }
    this.header = header;
    List<byte[]> digests = new ArrayList<>(acceptedValues.size());
    for (String value : acceptedValues) {
      if (value.isEmpty()) {
        throw new IllegalArgumentException("empty origin secret value");
      }
      digests.add(sha256(value));
    }
    this.acceptedDigests = List.copyOf(digests);
    this.metrics = metrics;
  }

  /** Whether requests must carry a secret (at least one value is configured). */
  public boolean required() {
    return !acceptedDigests.isEmpty();
  }

  /** The header name checked. */
  public String header() {
    return header;
  }

  @Override
  public void handle(RoutingContext ctx) {
    if (!required()) {
      ctx.next();
      return;
    }
    List<String> presented = ctx.request().headers().getAll(header);
    if (presented.size() == 1 && accepts(presented.get(0))) {
      ctx.next();
    } else {
      Denials.deny(ctx, metrics, GUARD, DenialReason.ORIGIN_SECRET);
    }
  }

  /** Whether {@code presented} is one of the accepted values; constant time in its content. */
  public boolean accepts(@Nullable String presented) {
    if (presented == null || acceptedDigests.isEmpty()) {
      return false;
    }
    byte[] candidate = sha256(presented);
    boolean match = false;
    for (byte[] accepted : acceptedDigests) {
      match |= MessageDigest.isEqual(accepted, candidate); // no short-circuit: compare all
    }
    return match;
  }

  private static byte[] sha256(String value) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JRE", e);
    }
  }
}
