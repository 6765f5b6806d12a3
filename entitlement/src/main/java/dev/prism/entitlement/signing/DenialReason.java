package dev.prism.entitlement.signing;

import java.util.Locale;

/**
 * Why a request was refused. One enum for every gate check, so log fields and metric labels use one
 * vocabulary; the client only ever sees a fixed 403.
 */
public enum DenialReason {
  /** No signed URL, no signed cookie, or a required field (key pair id, signature) absent. */
  MISSING,
  /** A field could not be decoded or the policy is not the JSON CloudFront defines. */
  MALFORMED,
  /** The key pair id / key name is not in the trusted key group. */
  UNKNOWN_KEY,
  /** The signature does not verify with the named key and hash algorithm. */
  BAD_SIGNATURE,
  /** {@code now >= DateLessThan} (or Cloud CDN {@code Expires}). */
  EXPIRED,
  /** {@code now <= DateGreaterThan}. */
  NOT_YET_VALID,
  /** The public URL the viewer used is not covered by the policy's resource. */
  RESOURCE_MISMATCH,
  /** The viewer IP is unknown or outside the policy's {@code AWS:SourceIp} range. */
  IP_MISMATCH,
  /** The origin-secret header is missing or wrong (checked by the origin's gate). */
  ORIGIN_SECRET,
  /**
   * The viewer IP has spent its budget of failed signature verifications; refused without verifying
   * (checked by the origin's gate).
   */
  VERIFY_RATE_LIMITED;

  /** The metric label and log value: the lower-case name, e.g. {@code bad_signature}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
