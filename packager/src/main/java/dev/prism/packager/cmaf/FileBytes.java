package dev.prism.packager.cmaf;

import dev.prism.packager.MalformedMediaException;
import dev.prism.packager.PackagingException;
import dev.prism.packager.UnsupportedMediaException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * Reads of one track file through a {@link RangeReader}, keeping the head (bytes {@code [0, n)}) in
 * memory so ftyp, moov, sidx and often the first moof cost a single read.
 */
final class FileBytes {
  /** The head is never grown past this: a moov or sidx larger than 64 MiB is not a CMAF header. */
  static final int MAX_HEAD_BYTES = 64 << 20;

  /** The smallest read past the head while scanning. */
  static final int SCAN_WINDOW_BYTES = 16 * 1024;

  private final String trackName;
  private final RangeReader reader;
  private final long fileSizeBytes;
  private byte[] head = new byte[0];
  private int headLength;
  private int reads;
  private @Nullable ByteBuffer window;
  private long windowOffsetBytes = -1;

  FileBytes(String trackName, RangeReader reader, long fileSizeBytes) {
    this.trackName = trackName;
    this.reader = reader;
    this.fileSizeBytes = fileSizeBytes;
  }

  long fileSizeBytes() {
    return fileSizeBytes;
  }

  /** How many ranged reads were made so far. */
  int reads() {
    return reads;
  }

  /** The head as read so far; absolute positions equal file offsets. */
  ByteBuffer head() {
    return ByteBuffer.wrap(head, 0, headLength);
  }

  int headLength() {
    return headLength;
  }

  /**
   * Makes sure the head holds bytes up to {@code endBytes} (exclusive), reading at least {@code
   * minReadBytes} more when it has to read at all.
   */
  void ensureHead(long endBytes, int minReadBytes) throws IOException, PackagingException {
    if (endBytes <= headLength) {
      return;
    }
    long target = Math.min(fileSizeBytes, Math.max(endBytes, (long) headLength + minReadBytes));
    if (target > MAX_HEAD_BYTES) {
      throw UnsupportedMediaException.atBox(
          trackName, "moov", headLength, "header boxes exceed " + MAX_HEAD_BYTES + " bytes");
    }
    if (endBytes > fileSizeBytes) {
      throw MalformedMediaException.atBox(
          trackName,
          "????",
          headLength,
          "needs bytes up to offset " + endBytes + " but the file has " + fileSizeBytes);
    }
    int length = (int) (target - headLength);
    ByteBuffer more = readDirect(headLength, length, length);
    byte[] grown = Arrays.copyOf(head, (int) target);
    more.get(grown, headLength, more.remaining());
    head = grown;
    headLength = (int) target;
  }

  /**
   * Reads exactly {@code lengthBytes} at {@code offsetBytes}, or fails as a truncated file. Past
   * the head, reads at least {@value #SCAN_WINDOW_BYTES} bytes and keeps them, so a moof scan
   * usually costs one read per fragment (moof header, moof and the next mdat header together).
   */
  ByteBuffer readExactly(long offsetBytes, int lengthBytes) throws IOException, PackagingException {
    if (offsetBytes + lengthBytes <= headLength) {
      return ByteBuffer.wrap(head, (int) offsetBytes, lengthBytes).slice();
    }
    if (window != null
        && offsetBytes >= windowOffsetBytes
        && offsetBytes + lengthBytes <= windowOffsetBytes + window.limit()) {
      return window
          .duplicate()
          .position((int) (offsetBytes - windowOffsetBytes))
          .limit((int) (offsetBytes - windowOffsetBytes) + lengthBytes)
          .slice();
    }
    int want =
        (int) Math.max(lengthBytes, Math.min(SCAN_WINDOW_BYTES, fileSizeBytes - offsetBytes));
    ByteBuffer read = readDirect(offsetBytes, want, lengthBytes);
    window = read;
    windowOffsetBytes = offsetBytes;
    return read.duplicate().limit(lengthBytes).slice();
  }

  /** One read through the caller's reader; at least {@code minBytes} or a truncated-file error. */
  private ByteBuffer readDirect(long offsetBytes, int lengthBytes, int minBytes)
      throws IOException, PackagingException {
    reads++;
    ByteBuffer read = reader.read(offsetBytes, lengthBytes);
    if (read.remaining() < minBytes) {
      throw MalformedMediaException.atBox(
          trackName,
          "????",
          offsetBytes,
          "file truncated: asked for "
              + minBytes
              + " bytes at offset "
              + offsetBytes
              + ", got "
              + read.remaining());
    }
    return read.slice().limit(Math.min(read.remaining(), lengthBytes)).slice();
  }

  /**
   * Reads at most {@code lengthBytes} at {@code offsetBytes}, fewer at the end of the file (none at
   * or past it).
   */
  ByteBuffer readUpTo(long offsetBytes, int lengthBytes) throws IOException, PackagingException {
    int length = (int) Math.max(0, Math.min(lengthBytes, fileSizeBytes - offsetBytes));
    return readExactly(offsetBytes, length);
  }

  /** The header of the top-level box at {@code offsetBytes}. */
  BoxHeader headerAt(long offsetBytes) throws IOException, PackagingException {
    ByteBuffer b = readUpTo(offsetBytes, BoxHeader.MAX_HEADER_BYTES);
    return BoxHeader.parse(trackName, b, b.position(), offsetBytes, fileSizeBytes);
  }
}
