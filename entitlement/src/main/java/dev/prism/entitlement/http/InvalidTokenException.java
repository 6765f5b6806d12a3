package dev.prism.entitlement.http;

/**
 * The viewer's bearer token is missing, malformed, not signed by a key in the JWKS, expired, not
 * yet valid, or for another issuer or audience. Answered 401 with {@code WWW-Authenticate: Bearer
 * error="invalid_token"} (RFC 6750 §3.1); the message goes to the audit log only.
 */
public final class InvalidTokenException extends RuntimeException {
  private final boolean missing;

  private InvalidTokenException(String message, boolean missing) {
    super(message, null, false, false);
    this.missing = missing;
  }

  /** The request carried no bearer token at all (RFC 6750 §3.1: no error code then). */
  public static InvalidTokenException missing() {
    return new InvalidTokenException("no bearer token", true);
  }

  /** The token is present but not acceptable, for the reason in {@code why}. */
  public static InvalidTokenException invalid(String why) {
    return new InvalidTokenException(why, false);
  }

  /** True when no token was sent. */
  public boolean isMissing() {
    return missing;
  }
}
