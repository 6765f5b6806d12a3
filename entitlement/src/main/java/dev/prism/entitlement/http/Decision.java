package dev.prism.entitlement.http;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * What {@link EntitlementPolicy} decided for one viewer and one asset: granted, or denied with a
 * machine-readable reason.
 *
 * @param reason null when granted
 */
public record Decision(@Nullable Reason reason) {
  /** The one granted decision. */
  public static final Decision GRANTED = new Decision(null);

  /** A denial for {@code reason}. */
  public static Decision denied(Reason reason) {
    return new Decision(reason);
  }

  /** True when the viewer may watch; a denial carries its {@link #reason()}. */
  public boolean isGranted() {
    return reason == null;
  }

  /**
   * Why a viewer may not watch. The wire name goes into the 403 body of {@code POST /play} (this
   * endpoint is the viewer app's own API, so reasons help) and into the audit log.
   */
  public enum Reason {
    /**
     * The asset is unpublished: answered 404 exactly like an unknown asset, so it does not leak.
     */
    NOT_PUBLISHED(404),
    /** The JWT's subscription status claim is missing or not an active value. */
    SUBSCRIPTION_INACTIVE(403),
    /** The asset names plans and the viewer's plan is none of them. */
    PLAN_NOT_ENTITLED(403),
    /** The viewer's country is outside the allow list or inside the deny list. */
    GEO_BLOCKED(403),
    /**
     * The asset has country rules and the viewer's country is unknown: no country header, or one on
     * a request that did not come through the CDN (no valid origin secret, untrusted peer).
     */
    COUNTRY_UNKNOWN(403),
    /** Before the policy's {@code availableFrom}. */
    NOT_YET_AVAILABLE(403),
    /** At or after the policy's {@code availableUntil}. */
    NO_LONGER_AVAILABLE(403);

    private final int httpStatus;

    Reason(int httpStatus) {
      this.httpStatus = httpStatus;
    }

    /** The HTTP status {@code POST /play} answers with: 403, or 404 for {@link #NOT_PUBLISHED}. */
    public int httpStatus() {
      return httpStatus;
    }

    /** The lower-case wire name, e.g. {@code geo_blocked}. */
    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }
}
