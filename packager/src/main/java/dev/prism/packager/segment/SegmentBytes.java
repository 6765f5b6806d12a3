package dev.prism.packager.segment;

import dev.prism.packager.Checks;
import dev.prism.packager.cmaf.ByteRange;
import dev.prism.packager.cmaf.RangeReader;
import dev.prism.packager.cmaf.TrackIndex;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The bytes of init and media segments, for callers that cannot send file ranges directly (a folder
 * store sends {@link MediaSegment#ranges()} with zero copy instead). Pure: the reads go through the
 * caller's {@link RangeReader}.
 */
public final class SegmentBytes {
  private SegmentBytes() {}

  /**
   * Concatenates {@code parts} (each from its position to its limit) into one new buffer.
   *
   * @return a buffer positioned at 0 whose limit is the total size
   */
  public static ByteBuffer concat(List<ByteBuffer> parts) {
    long total = 0;
    for (ByteBuffer b : parts) {
      total += b.remaining();
    }
    Checks.argument(total <= Integer.MAX_VALUE, "segment too large: %s bytes", total);
    ByteBuffer out = ByteBuffer.allocate((int) total);
    for (ByteBuffer b : parts) {
      out.put(b.duplicate());
    }
    return out.flip();
  }

  /**
   * Reads {@code ranges} through {@code reader} and concatenates them.
   *
   * @throws IOException when a read fails or returns fewer bytes than asked (the file shrank)
   */
  public static ByteBuffer read(List<ByteRange> ranges, RangeReader reader) throws IOException {
    List<ByteBuffer> parts = new ArrayList<>();
    for (ByteRange r : ranges) {
      Checks.argument(r.lengthBytes() <= Integer.MAX_VALUE, "range too large: %s", r);
      ByteBuffer b = reader.read(r.offsetBytes(), (int) r.lengthBytes());
      if (b.remaining() != r.lengthBytes()) {
        throw new IOException(
            "short read at offset "
                + r.offsetBytes()
                + ": "
                + b.remaining()
                + " of "
                + r.lengthBytes());
      }
      parts.add(b);
    }
    return concat(parts);
  }

  /** The init segment ({@code ftyp}+{@code moov}, no {@code sidx}) of {@code track}. */
  public static ByteBuffer initSegment(TrackIndex track, RangeReader reader) throws IOException {
    return read(track.initSegmentRanges(), reader);
  }

  /** The bytes of {@code segment}. */
  public static ByteBuffer mediaSegment(MediaSegment segment, RangeReader reader)
      throws IOException {
    return read(segment.ranges(), reader);
  }
}
