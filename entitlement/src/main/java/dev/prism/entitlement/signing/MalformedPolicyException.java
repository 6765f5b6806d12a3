package dev.prism.entitlement.signing;

/** A policy that is not the JSON CloudFront defines (maps to {@link DenialReason#MALFORMED}). */
public final class MalformedPolicyException extends Exception {
  private static final long serialVersionUID = 1L;

  public MalformedPolicyException(String message) {
    super(message);
  }

  public MalformedPolicyException(String message, Throwable cause) {
    super(message, cause);
  }
}
