package dev.prism.origin.delivery;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Entity tags (RFC 9110 §8.8.3) and their comparison (§8.8.3.2). */
public final class ETags {
  private ETags() {}

  /** A strong tag from the SHA-256 of {@code bytes}, truncated to 128 bits, quoted. */
  public static String ofBytes(byte[] bytes) {
    return quote(HexFormat.of().formatHex(sha256(bytes), 0, 16));
  }

  /**
   * A strong tag for an immutable resource named by its parts (asset, version, track, ...): the
   * version is a content hash, so the name identifies the bytes.
   */
  public static String ofName(String... parts) {
    byte[] name = String.join("/", parts).getBytes(StandardCharsets.UTF_8);
    return quote(HexFormat.of().formatHex(sha256(name), 0, 16));
  }

  /** {@code If-None-Match} semantics: weak comparison against any listed tag, or {@code *}. */
  public static boolean weakMatchAny(String header, String etag) {
    String h = header.trim();
    if (h.equals("*")) {
      return true;
    }
    String opaque = stripWeak(etag);
    for (String candidate : h.split(",")) {
      if (stripWeak(candidate.trim()).equals(opaque)) {
        return true;
      }
    }
    return false;
  }

  private static String stripWeak(String tag) {
    return tag.startsWith("W/") ? tag.substring(2) : tag;
  }

  private static String quote(String s) {
    return "\"" + s + "\"";
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }
}
