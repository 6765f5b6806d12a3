package dev.prism.entitlement.signing;

import java.io.IOException;
import java.nio.file.Path;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A trusted key group: public keys by key pair id ({@code Key-Pair-Id} / {@code
 * CloudFront-Key-Pair-Id}), RSA 2048 or ECDSA P-256. A token is verified only with the key its id
 * names. Rotation without downtime: add the new key, mint with it, remove the old key once its
 * tokens have expired. Immutable; {@link #with} and {@link #without} return new groups.
 */
public final class KeyGroup {
  private final Map<String, PublicKey> keys;

  private KeyGroup(Map<String, PublicKey> keys) {
    this.keys = Map.copyOf(keys);
  }

  /** An empty group (every token is {@link DenialReason#UNKNOWN_KEY}). */
  public static KeyGroup empty() {
    return new KeyGroup(Map.of());
  }

  /**
   * A group of {@code keys} (key pair id → public key).
   *
   * @throws IllegalArgumentException if an id is blank or a key is not RSA of at least 2048 bits or
   *     EC on a 256-bit curve (P-256)
   */
  public static KeyGroup of(Map<String, PublicKey> keys) {
    Map<String, PublicKey> copy = new LinkedHashMap<>();
    keys.forEach(
        (id, key) -> {
          validate(id, key);
          copy.put(id, key);
        });
    return new KeyGroup(copy);
  }

  /**
   * A group read from public key PEM files ({@code gate.cloudfront.keys}: key pair id → {@code
   * publicKeyFile}).
   *
   * @throws IOException if a file is unreadable or not a {@code PUBLIC KEY} PEM
   * @throws IllegalArgumentException if a key is not RSA 2048+ or EC P-256
   */
  public static KeyGroup fromPemFiles(Map<String, Path> publicKeyFiles) throws IOException {
    Map<String, PublicKey> keys = new LinkedHashMap<>();
    for (Map.Entry<String, Path> e : publicKeyFiles.entrySet()) {
      keys.put(e.getKey(), SigningKeys.readPublicKeyPem(e.getValue()));
    }
    return of(keys);
  }

  /** This group plus {@code key} under {@code keyPairId} (replacing one of the same id). */
  public KeyGroup with(String keyPairId, PublicKey key) {
    validate(keyPairId, key);
    Map<String, PublicKey> copy = new LinkedHashMap<>(keys);
    copy.put(keyPairId, key);
    return new KeyGroup(copy);
  }

  /** This group without {@code keyPairId}. */
  public KeyGroup without(String keyPairId) {
    Map<String, PublicKey> copy = new LinkedHashMap<>(keys);
    copy.remove(keyPairId);
    return new KeyGroup(copy);
  }

  /** The key named by {@code keyPairId}; empty if it is not trusted. */
  public Optional<PublicKey> find(String keyPairId) {
    return Optional.ofNullable(keys.get(keyPairId));
  }

  /** The trusted key pair ids. */
  public Set<String> keyPairIds() {
    return keys.keySet();
  }

  private static void validate(String id, PublicKey key) {
    if (id.isBlank()) {
      throw new IllegalArgumentException("blank key pair id");
    }
    if (key instanceof RSAPublicKey) {
      int bits = ((RSAPublicKey) key).getModulus().bitLength();
      if (bits < 2048) {
        throw new IllegalArgumentException(id + ": RSA key of " + bits + " bits; need 2048");
      }
    } else if (key instanceof ECPublicKey) {
      int bits = ((ECPublicKey) key).getParams().getCurve().getField().getFieldSize();
      if (bits != 256) {
        throw new IllegalArgumentException(id + ": EC key on a " + bits + "-bit curve; need P-256");
      }
    } else {
      throw new IllegalArgumentException(id + ": unsupported key type " + key.getAlgorithm());
    }
  }

  @Override
  public String toString() {
    return "KeyGroup" + keys.keySet();
  }
}
