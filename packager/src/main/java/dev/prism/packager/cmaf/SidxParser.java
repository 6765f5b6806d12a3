package dev.prism.packager.cmaf;

import dev.prism.packager.MalformedMediaException;
import dev.prism.packager.PackagingException;
import dev.prism.packager.UnsupportedMediaException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * A segment index ({@code sidx}, ISO/IEC 14496-12 §8.16.3), read field by field from the box's
 * untrusted bytes: {@code reference_count} is checked against the bytes that hold the references
 * before any is read, and a {@code first_offset} of 2^63 or more is refused rather than wrapped.
 */
final class SidxParser {
  /** Bytes of one reference: type+size, subsegment_duration, SAP fields. */
  private static final int REFERENCE_BYTES = 12;

  private SidxParser() {}

  /**
   * One reference of a single-level index.
   *
   * @param sizeBytes {@code referenced_size}, positive, below 2^31
   * @param durationTicks {@code subsegment_duration} in the sidx timescale, positive
   * @param startsWithSap {@code starts_with_SAP}
   * @param sapType {@code SAP_type}, 0–7
   */
  record Reference(long sizeBytes, long durationTicks, boolean startsWithSap, int sapType) {}

  /**
   * @param timescale ticks per second of the durations, positive
   * @param firstOffsetBytes {@code first_offset}: from the first byte after the sidx to the first
   *     referenced byte, below 2^63
   * @param references at least one
   */
  record Sidx(long timescale, long firstOffsetBytes, List<Reference> references) {}

  /**
   * @param sidx the whole box, header included, from its position to its limit
   * @param header its parsed header (offset in the track file, size)
   * @throws MalformedMediaException at the sidx's offset when it is too short for its fields or its
   *     {@code reference_count}, has a zero timescale, no references, a reference of zero size or
   *     duration, or a {@code first_offset} of 2^63 or more
   * @throws UnsupportedMediaException for a hierarchical index ({@code reference_type} 1)
   */
  static Sidx parse(String trackName, ByteBuffer sidx, BoxHeader header) throws PackagingException {
    ByteBuffer b = sidx.slice();
    long at = header.offsetBytes();
    int p = header.headerSizeBytes();
    int end = b.limit();
    // FullBox version+flags, reference_ID, timescale, then 32- or 64-bit earliest_presentation_time
    // and first_offset, reserved(16), reference_count(16).
    if (end - p < 4) {
      throw tooShort(trackName, at);
    }
    int version = b.get(p) & 0xff;
    int fixedBytes = 4 + 4 + 4 + (version == 0 ? 8 : 16) + 4;
    if (end - p < fixedBytes) {
      throw tooShort(trackName, at);
    }
    long timescale = Integer.toUnsignedLong(b.getInt(p + 8));
    long firstOffset =
        version == 0 ? Integer.toUnsignedLong(b.getInt(p + 16)) : b.getLong(p + 12 + 8);
    if (firstOffset < 0) {
      throw MalformedMediaException.atBox(
          trackName,
          "sidx",
          at,
          "first_offset " + Long.toUnsignedString(firstOffset) + " is 2^63 or more");
    }
    int count = b.getShort(p + fixedBytes - 2) & 0xffff;
    int q = p + fixedBytes;
    if ((long) count * REFERENCE_BYTES > end - q) {
      throw MalformedMediaException.atBox(
          trackName,
          "sidx",
          at,
          "reference_count "
              + count
              + " needs "
              + (long) count * REFERENCE_BYTES
              + " bytes, but the box has "
              + (end - q));
    }
    if (timescale == 0) {
      throw MalformedMediaException.atBox(trackName, "sidx", at, "timescale is 0");
    }
    if (count == 0) {
      throw MalformedMediaException.atBox(trackName, "sidx", at, "no references");
    }
    List<Reference> references = new ArrayList<>(count);
    for (int i = 0; i < count; i++, q += REFERENCE_BYTES) {
      int typeAndSize = b.getInt(q);
      if (typeAndSize < 0) {
        throw UnsupportedMediaException.atBox(
            trackName, "sidx", at, "hierarchical sidx (reference_type 1)");
      }
      long duration = Integer.toUnsignedLong(b.getInt(q + 4));
      if (typeAndSize == 0 || duration == 0) {
        throw MalformedMediaException.atBox(
            trackName, "sidx", at, "reference with zero size or duration");
      }
      int sap = b.getInt(q + 8);
      references.add(new Reference(typeAndSize, duration, sap < 0, (sap >>> 28) & 0x7));
    }
    return new Sidx(timescale, firstOffset, references);
  }

  private static MalformedMediaException tooShort(String trackName, long at) {
    return MalformedMediaException.atBox(trackName, "sidx", at, "box too short for its fields");
  }
}
