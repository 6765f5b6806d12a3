package dev.prism.packager.cmaf;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Ranged, synchronous reads of one track file. The packager never opens files or talks to a store
 * itself; the caller supplies this (a {@code FileChannel}, a blocking wait on a store future, a
 * byte array in tests) and runs the packager off any event loop.
 */
@FunctionalInterface
public interface RangeReader {

  /**
   * Reads {@code lengthBytes} bytes starting at {@code offsetBytes}.
   *
   * @return the bytes, from the buffer's position to its limit; exactly {@code lengthBytes} unless
   *     the file ends first (then fewer: the packager reports a truncated file)
   * @throws IOException when the underlying read fails
   */
  ByteBuffer read(long offsetBytes, int lengthBytes) throws IOException;

  /**
   * A reader over an open file channel, using positional reads (safe to share between threads; the
   * caller opens and closes the channel).
   */
  static RangeReader ofFileChannel(java.nio.channels.FileChannel channel) {
    return (offsetBytes, lengthBytes) -> {
      ByteBuffer out = ByteBuffer.allocate(lengthBytes);
      long position = offsetBytes;
      while (out.hasRemaining()) {
        int n = channel.read(out, position);
        if (n < 0) {
          break;
        }
        position += n;
      }
      return out.flip();
    };
  }

  /** A reader over bytes already in memory (tests, small files). */
  static RangeReader ofBytes(byte[] bytes) {
    return (offsetBytes, lengthBytes) -> {
      if (offsetBytes >= bytes.length) {
        return ByteBuffer.allocate(0);
      }
      int length = (int) Math.min(lengthBytes, bytes.length - offsetBytes);
      return ByteBuffer.wrap(bytes, (int) offsetBytes, length).slice();
    };
  }
}
