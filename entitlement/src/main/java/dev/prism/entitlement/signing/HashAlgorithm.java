package dev.prism.entitlement.signing;

import java.security.PublicKey;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The hash of a CloudFront signature, named by the {@code Hash-Algorithm} query parameter or the
 * {@code CloudFront-Hash-Algorithm} cookie; absent means {@link #SHA1}. The key type (RSA or EC)
 * comes from the registered public key, never from the request.
 */
public enum HashAlgorithm {
  SHA1("SHA1"),
  SHA256("SHA256");

  private final String wireName;

  HashAlgorithm(String wireName) {
    this.wireName = wireName;
  }

  /** The value CloudFront uses on the wire: {@code SHA1} or {@code SHA256}. */
  public String wireName() {
    return wireName;
  }

  /**
   * Parses the wire value: {@code null} is {@link #SHA1}; {@code SHA1} and {@code SHA256} (exact
   * case) are accepted; anything else is empty (the verifier answers {@link
   * DenialReason#MALFORMED}).
   */
  public static Optional<HashAlgorithm> fromWire(@Nullable String value) {
    if (value == null) {
      return Optional.of(SHA1);
    }
    for (HashAlgorithm a : values()) {
      if (a.wireName.equals(value)) {
        return Optional.of(a);
      }
    }
    return Optional.empty();
  }

  /**
   * The JCA signature algorithm for this hash and the key's type: {@code SHA1withRSA}, {@code
   * SHA256withRSA}, {@code SHA1withECDSA} or {@code SHA256withECDSA} (ECDSA signatures are DER, as
   * CloudFront uses).
   *
   * @throws IllegalArgumentException if the key is neither RSA nor EC
   */
  public String jcaAlgorithm(String keyAlgorithm) {
    if (keyAlgorithm.equals("RSA")) {
      return name() + "withRSA";
    } else if (keyAlgorithm.equals("EC") || keyAlgorithm.equals("ECDSA")) {
      return name() + "withECDSA";
    }
    throw new IllegalArgumentException("unsupported key algorithm: " + keyAlgorithm);
  }

  /** As {@link #jcaAlgorithm(String)} for {@code key.getAlgorithm()}. */
  public String jcaAlgorithm(PublicKey key) {
    return jcaAlgorithm(key.getAlgorithm());
  }
}
