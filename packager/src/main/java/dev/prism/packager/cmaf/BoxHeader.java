package dev.prism.packager.cmaf;

import dev.prism.packager.MalformedMediaException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * One box header (ISO/IEC 14496-12 §4.2): 32-bit size and 4CC, a 64-bit {@code largesize} when size
 * is 1, "to the end of the enclosing space" when size is 0.
 *
 * <p>Sizes come from untrusted bytes, so a parsed header guarantees, without overflow, {@code 8 <=
 * headerSizeBytes <= sizeBytes} and {@code offsetBytes + sizeBytes <= limit} (its container's end):
 * a walk that steps from one box to {@link #endBytes()} always moves forward by at least 8 bytes
 * and never leaves its container.
 *
 * @param type the 4CC
 * @param offsetBytes absolute offset of the box's first byte in the track file
 * @param sizeBytes the whole box, header included
 * @param headerSizeBytes 8, or 16 with a {@code largesize}
 */
record BoxHeader(String type, long offsetBytes, long sizeBytes, int headerSizeBytes) {
  /** Enough bytes for any header we read: size, type, largesize. */
  static final int MAX_HEADER_BYTES = 16;

  long endBytes() {
    return offsetBytes + sizeBytes;
  }

  long payloadOffsetBytes() {
    return offsetBytes + headerSizeBytes;
  }

  /** Payload bytes: the box's size less its header. */
  long payloadSizeBytes() {
    return sizeBytes - headerSizeBytes;
  }

  /**
   * Parses the header at {@code buffer}'s position (absolute position), which lies at {@code
   * offsetBytes} of the file; the box must end at or before {@code limitBytes} (the end of the file
   * or of the parent box).
   *
   * @param offsetBytes the header's offset in the file, {@code 0 <= offsetBytes <= limitBytes}
   * @throws MalformedMediaException at {@code offsetBytes} when the header is cut short, or the
   *     size is smaller than the header, at least 2^63 (a {@code largesize} read as signed), or
   *     larger than the bytes left before {@code limitBytes}
   */
  static BoxHeader parse(
      String trackName, ByteBuffer buffer, int position, long offsetBytes, long limitBytes)
      throws MalformedMediaException {
    if (offsetBytes < 0 || offsetBytes > limitBytes) {
      // Callers only step forward inside a container; this guards the arithmetic below.
      throw MalformedMediaException.atBox(
          trackName, "????", offsetBytes, "box outside its container, which ends at " + limitBytes);
    }
    int available = position < 0 ? 0 : Math.max(0, buffer.limit() - position);
    if (available < 8) {
      throw MalformedMediaException.atBox(
          trackName,
          "????",
          offsetBytes,
          "box header cut short: the data ends after " + available + " bytes");
    }
    long size = Integer.toUnsignedLong(buffer.getInt(position));
    String type = fourcc(buffer, position + 4);
    int headerSize = 8;
    // What the container has left from this box's first byte on; never negative, no overflow.
    long remaining = limitBytes - offsetBytes;
    if (size == 1) {
      if (available < 16) {
        throw MalformedMediaException.atBox(
            trackName, type, offsetBytes, "64-bit box size cut short");
      }
      size = buffer.getLong(position + 8);
      headerSize = 16;
      if (size < 0) {
        throw MalformedMediaException.atBox(
            trackName,
            type,
            offsetBytes,
            "64-bit box size " + Long.toUnsignedString(size) + " is 2^63 or more");
      }
    } else if (size == 0) {
      size = remaining;
    }
    if (size < headerSize) {
      throw MalformedMediaException.atBox(
          trackName, type, offsetBytes, "box size " + size + " is smaller than its header");
    }
    // size > remaining, not offset + size > limit: the sum of two untrusted longs can wrap.
    if (size > remaining) {
      throw MalformedMediaException.atBox(
          trackName,
          type,
          offsetBytes,
          "box of "
              + size
              + " bytes overruns its container, which ends at offset "
              + limitBytes
              + " (truncated file?)");
    }
    return new BoxHeader(type, offsetBytes, size, headerSize);
  }

  static String fourcc(ByteBuffer buffer, int position) {
    byte[] b = new byte[4];
    for (int i = 0; i < 4; i++) {
      b[i] = buffer.get(position + i);
    }
    return new String(b, StandardCharsets.ISO_8859_1);
  }
}
