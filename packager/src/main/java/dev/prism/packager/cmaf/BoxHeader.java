package dev.prism.packager.cmaf;

import dev.prism.packager.MalformedMediaException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * One box header (ISO/IEC 14496-12 §4.2): 32-bit size and 4CC, a 64-bit {@code largesize} when size
 * is 1, "to the end of the enclosing space" when size is 0.
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

  /**
   * Parses the header at {@code buffer}'s position (absolute position), which lies at {@code
   * offsetBytes} of the file; the box must end at or before {@code limitBytes} (the end of the file
   * or of the parent box).
   *
   * @throws MalformedMediaException when the header is cut short or the size is impossible
   */
  static BoxHeader parse(
      String trackName, ByteBuffer buffer, int position, long offsetBytes, long limitBytes)
      throws MalformedMediaException {
    int available = buffer.limit() - position;
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
    if (size == 1) {
      if (available < 16) {
        throw MalformedMediaException.atBox(
            trackName, type, offsetBytes, "64-bit box size cut short");
      }
      size = buffer.getLong(position + 8);
      headerSize = 16;
    } else if (size == 0) {
      size = limitBytes - offsetBytes;
    }
    if (size < headerSize) {
      throw MalformedMediaException.atBox(
          trackName, type, offsetBytes, "box size " + size + " is smaller than its header");
    }
    if (offsetBytes + size > limitBytes) {
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

  /**
   * Checks that every child of the container boxes in {@code containers} fits inside its parent,
   * recursively, before a box library allocates buffers by those sizes (a corrupted size would
   * otherwise ask for gigabytes).
   *
   * @param box the whole box, from index 0
   * @param offsetBytes its offset in the file, for errors
   */
  static void checkTree(
      String trackName, ByteBuffer box, long offsetBytes, java.util.Set<String> containers)
      throws MalformedMediaException {
    BoxHeader root = parse(trackName, box, 0, offsetBytes, offsetBytes + box.limit());
    checkChildren(trackName, box, root, offsetBytes, containers);
  }

  private static void checkChildren(
      String trackName,
      ByteBuffer box,
      BoxHeader parent,
      long base,
      java.util.Set<String> containers)
      throws MalformedMediaException {
    if (!containers.contains(parent.type())) {
      return;
    }
    long p = parent.payloadOffsetBytes();
    while (p + 8 <= parent.endBytes()) {
      BoxHeader child = parse(trackName, box, (int) (p - base), p, parent.endBytes());
      checkChildren(trackName, box, child, base, containers);
      p = child.endBytes();
    }
  }
}
