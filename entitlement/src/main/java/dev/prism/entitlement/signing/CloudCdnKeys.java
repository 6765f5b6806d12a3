package dev.prism.entitlement.signing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * Google Cloud CDN signing keys by name: 128-bit HMAC-SHA1 keys, stored base64url (RFC 4648 §5,
 * {@code =} padding kept) as {@code head -c 16 /dev/urandom | base64 | tr +/ -_} writes them (Cloud
 * CDN "Use signed cookies", "Create signed request keys"). Several names at once allow rotation
 * (Cloud CDN allows three per backend). Immutable.
 */
public final class CloudCdnKeys {
  /** Cloud CDN key length: 128 bits. */
  public static final int KEY_LENGTH_BYTES = 16;

  private final Map<String, SecretKey> keys;

  private CloudCdnKeys(Map<String, SecretKey> keys) {
    this.keys = Map.copyOf(keys);
  }

  /**
   * Keys from name → raw 16-byte key.
   *
   * @throws IllegalArgumentException if a name is not 1–63 of {@code A-Z a-z 0-9 _ -} or a key is
   *     not 16 bytes
   */
  public static CloudCdnKeys of(Map<String, byte[]> rawKeys) {
    Map<String, SecretKey> keys = new LinkedHashMap<>();
    rawKeys.forEach(
        (name, raw) -> {
          if (!name.matches("[A-Za-z0-9_-]{1,63}")) {
            throw new IllegalArgumentException("bad Cloud CDN key name: " + name);
          }
          if (raw.length != KEY_LENGTH_BYTES) {
            throw new IllegalArgumentException(name + ": key must be 16 bytes, got " + raw.length);
          }
          keys.put(name, new SecretKeySpec(raw.clone(), "HmacSHA1"));
        });
    return new CloudCdnKeys(keys);
  }

  /**
   * Decodes a key as Cloud CDN prints it (base64url, padding optional, surrounding whitespace
   * ignored).
   *
   * @throws IllegalArgumentException if not base64url or not 16 bytes
   */
  public static byte[] decodeKey(String base64Url) {
    byte[] raw = Base64.getUrlDecoder().decode(base64Url.strip());
    if (raw.length != KEY_LENGTH_BYTES) {
      throw new IllegalArgumentException("key must be 16 bytes, got " + raw.length);
    }
    return raw;
  }

  /**
   * Reads a key file (one base64url key).
   *
   * @throws IOException if unreadable
   * @throws IllegalArgumentException if the content is not a 16-byte base64url key
   */
  public static byte[] readKeyFile(Path file) throws IOException {
    return decodeKey(Files.readString(file, StandardCharsets.US_ASCII));
  }

  /**
   * Keys read from files ({@code gate.cloudCdn.keys}: name → {@code keyFile}).
   *
   * @throws IOException if a file is unreadable
   * @throws IllegalArgumentException if a name or key is invalid
   */
  public static CloudCdnKeys fromKeyFiles(Map<String, Path> keyFiles) throws IOException {
    Map<String, byte[]> raw = new LinkedHashMap<>();
    for (Map.Entry<String, Path> e : keyFiles.entrySet()) {
      raw.put(e.getKey(), readKeyFile(e.getValue()));
    }
    return of(raw);
  }

  /** The key named {@code keyName}; empty if unknown (names are case-sensitive). */
  public Optional<SecretKey> find(String keyName) {
    return Optional.ofNullable(keys.get(keyName));
  }

  /** The configured key names. */
  public Set<String> names() {
    return keys.keySet();
  }

  @Override
  public String toString() {
    return "CloudCdnKeys" + keys.keySet();
  }
}
