package dev.prism.store;

import java.util.Comparator;

/** Validation of store keys, shared by every {@link BlobStore} so they all refuse the same keys. */
public final class StoreKeys {
  private static final int MAX_LENGTH = 1024;

  /**
   * The order {@link BlobStore#list(String)} returns keys in: by Unicode code point, which is the
   * UTF-8 byte order S3 lists in (and differs from {@link String#compareTo} only for characters
   * above U+FFFF against U+E000..U+FFFF).
   */
  public static final Comparator<String> ORDER = StoreKeys::compareCodePoints;

  private StoreKeys() {}

  /**
   * Checks that {@code key} is a relative, normalised, printable path: non-empty, at most 1024
   * characters, no leading {@code /}, no empty segment ({@code a//b} or a trailing {@code /}), no
   * {@code .} or {@code ..} segment, no backslash and no control character.
   *
   * @return {@code key}, for chaining
   * @throws IllegalArgumentException naming the key and the rule it breaks
   */
  public static String validate(String key) {
    if (key.isEmpty()) {
      throw bad(key, "empty");
    }
    if (key.length() > MAX_LENGTH) {
      throw bad(key, "longer than " + MAX_LENGTH + " characters");
    }
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (Character.isISOControl(c)) {
        throw bad(key, "control character at index " + i);
      }
      if (c == '\\') {
        throw bad(key, "backslash at index " + i);
      }
    }
    if (key.startsWith("/")) {
      throw bad(key, "leading '/'");
    }
    for (String segment : key.split("/", -1)) {
      if (segment.isEmpty()) {
        throw bad(key, "empty path segment");
      }
      if (segment.equals(".") || segment.equals("..")) {
        throw bad(key, "'" + segment + "' segment");
      }
    }
    return key;
  }

  /**
   * Checks a listing prefix: empty (everything) or a valid key prefix, which may end in {@code /}.
   *
   * @throws IllegalArgumentException naming the prefix
   */
  public static String validatePrefix(String prefix) {
    if (prefix.isEmpty()) {
      return prefix;
    }
    validate(prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix);
    return prefix;
  }

  /**
   * Checks the range of a {@link BlobStore#read} (the contract every store shares).
   *
   * @throws IllegalArgumentException if {@code offsetBytes} or {@code lengthBytes} is negative,
   *     naming the key
   */
  static void checkRange(String key, long offsetBytes, int lengthBytes) {
    if (offsetBytes < 0) {
      throw new IllegalArgumentException("offsetBytes < 0: " + offsetBytes + " for key " + key);
    }
    if (lengthBytes < 0) {
      throw new IllegalArgumentException("lengthBytes < 0: " + lengthBytes + " for key " + key);
    }
  }

  private static int compareCodePoints(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) {
        return Integer.compare(ca, cb);
      }
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }

  private static IllegalArgumentException bad(String key, String why) {
    return new IllegalArgumentException("invalid store key '" + printable(key) + "': " + why);
  }

  private static String printable(String key) {
    StringBuilder out = new StringBuilder();
    for (char c : key.toCharArray()) {
      out.append(Character.isISOControl(c) ? String.format("\\u%04x", (int) c) : String.valueOf(c));
    }
    return out.toString();
  }
}
