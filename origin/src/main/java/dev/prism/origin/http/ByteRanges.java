package dev.prism.origin.http;

import org.jspecify.annotations.Nullable;

/**
 * Parses a {@code Range} header (RFC 9110 §14.1.2) against a representation of known length.
 *
 * <p>Prism honours exactly one range. A syntactically invalid header, a unit other than {@code
 * bytes}, or a <em>multi-range</em> request ({@code bytes=0-1,5-6}) is answered with the whole
 * representation (200): RFC 9110 §14.2 lets a server ignore {@code Range}, and players and CDNs ask
 * for one range at a time, so {@code multipart/byteranges} is never produced.
 */
public final class ByteRanges {
  private static final String BYTES_UNIT = "bytes=";

  private ByteRanges() {}

  /** The outcome of parsing: ignore the header, answer 206 with a range, or answer 416. */
  public sealed interface Outcome permits Whole, Partial, Unsatisfiable {}

  /** Send the whole representation (no, invalid, or multi-range header). */
  public record Whole() implements Outcome {}

  /**
   * Send bytes {@code firstByte..lastByte} (inclusive) with 206.
   *
   * @param firstByte the first byte's offset
   * @param lastByte the last byte's offset, inclusive, less than the representation length
   */
  public record Partial(long firstByte, long lastByte) implements Outcome {
    /** The range's length in bytes. */
    public long lengthBytes() {
      return lastByte - firstByte + 1;
    }
  }

  /** No requested byte exists: 416 with {@code Content-Range: bytes *}{@code /length}. */
  public record Unsatisfiable() implements Outcome {}

  private static final Whole WHOLE = new Whole();
  private static final Unsatisfiable UNSATISFIABLE = new Unsatisfiable();

  /**
   * Interprets {@code header} for a representation of {@code lengthBytes} bytes.
   *
   * @param header the {@code Range} header value, or null when absent
   * @param lengthBytes the representation's length
   */
  public static Outcome parse(@Nullable String header, long lengthBytes) {
    if (header == null) {
      return WHOLE;
    }
    String h = header.trim();
    if (h.length() < BYTES_UNIT.length() || !h.regionMatches(true, 0, BYTES_UNIT, 0, 6)) {
      return WHOLE;
    }
    String spec = h.substring(BYTES_UNIT.length()).trim();
    if (spec.isEmpty() || spec.indexOf(',') >= 0) {
      return WHOLE; // multi-range: answered with the whole representation (class javadoc)
    }
    int dash = spec.indexOf('-');
    if (dash < 0) {
      return WHOLE;
    }
    String first = spec.substring(0, dash).trim();
    String last = spec.substring(dash + 1).trim();
    if (first.isEmpty()) {
      // suffix-range "-N": the last N bytes (§14.1.2); "-0" is unsatisfiable.
      long suffix = digits(last);
      if (suffix < 0) {
        return WHOLE;
      }
      if (suffix == 0 || lengthBytes == 0) {
        return UNSATISFIABLE;
      }
      return new Partial(Math.max(0, lengthBytes - suffix), lengthBytes - 1);
    }
    long firstByte = digits(first);
    if (firstByte < 0) {
      return WHOLE;
    }
    long lastByte;
    if (last.isEmpty()) {
      lastByte = lengthBytes - 1;
    } else {
      lastByte = digits(last);
      if (lastByte < 0 || lastByte < firstByte) {
        return WHOLE; // invalid range-spec: ignored
      }
    }
    if (firstByte >= lengthBytes) {
      return UNSATISFIABLE;
    }
    return new Partial(firstByte, Math.min(lastByte, lengthBytes - 1));
  }

  /** A non-negative decimal, or -1 when {@code s} is empty, not all digits, or overflows. */
  private static long digits(String s) {
    if (s.isEmpty() || s.length() > 18) {
      return -1;
    }
    long v = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }
}
