package dev.prism.entitlement.signing;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The accepted values of the origin-secret header, compared in constant time: both sides are hashed
 * with SHA-256 first, so neither the content nor the length of a secret leaks through timing, and
 * every accepted value is compared on every call (rotation: several values at once). A mismatch is
 * {@link DenialReason#ORIGIN_SECRET}. Immutable.
 */
public final class OriginSecrets {
  private final List<byte[]> acceptedDigests;

  private OriginSecrets(List<byte[]> acceptedDigests) {
    this.acceptedDigests = acceptedDigests;
  }

  /**
   * The accepted secrets; an empty list means no secret is required.
   *
   * @throws IllegalArgumentException if a value is empty
   */
  public static OriginSecrets of(List<String> accepted) {
    List<byte[]> digests = new ArrayList<>();
    for (String value : accepted) {
      if (value.isEmpty()) {
        throw new IllegalArgumentException("empty origin secret");
      }
      digests.add(sha256(value));
    }
    return new OriginSecrets(List.copyOf(digests));
  }

  /** Whether a secret is required at all (at least one value configured). */
  public boolean required() {
    return !acceptedDigests.isEmpty();
  }

  /**
   * Whether {@code presented} (the header value, or null if absent) is accepted: always true when
   * no secret is configured.
   */
  public boolean accepts(@Nullable String presented) {
    if (acceptedDigests.isEmpty()) {
      return true;
    }
    byte[] digest = sha256(presented == null ? "" : presented);
    boolean match = false;
    for (byte[] accepted : acceptedDigests) {
      match |= MessageDigest.isEqual(accepted, digest); // no early exit
    }
    return match && presented != null;
  }

  private static byte[] sha256(String value) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }

  @Override
  public String toString() {
    return "OriginSecrets[" + acceptedDigests.size() + " values]";
  }
}
