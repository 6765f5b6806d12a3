package dev.prism.entitlement.signing;

/**
 * A CloudFront policy statement: the signed bytes plus the conditions parsed from them (AWS
 * CloudFront Developer Guide, "Create a signed URL using a canned policy" and "... a custom
 * policy"). {@link CannedPolicy} is rebuilt byte-exact from the request; {@link CustomPolicy}
 * travels base64-encoded in {@code Policy} / {@code CloudFront-Policy}.
 */
public sealed interface Policy permits CannedPolicy, CustomPolicy {

  /** The exact UTF-8 bytes that are (or were) signed; a fresh copy. */
  byte[] policyBytes();

  /** {@code DateLessThan}: access is allowed only while {@code now < } this, in epoch seconds. */
  long dateLessThanEpochSeconds();
}
