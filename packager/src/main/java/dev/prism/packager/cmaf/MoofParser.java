package dev.prism.packager.cmaf;

import dev.prism.packager.MalformedMediaException;
import dev.prism.packager.PackagingException;
import dev.prism.packager.UnsupportedMediaException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Timing of one {@code moof} (ISO/IEC 14496-12 §8.8): {@code tfhd} §8.8.7, {@code tfdt} §8.8.12,
 * {@code trun} §8.8.8, read field by field from the box's bytes.
 *
 * <p>The bytes come from a store and are untrusted. Every field is read only after checking that
 * its box holds it, every count is bounded by the bytes that hold its entries before anything is
 * looped over, and sums are overflow-checked, so a hostile moof costs at most one pass over its own
 * bytes and ends in a {@link MalformedMediaException} naming the offending box and its offset. No
 * box library is involved: a library that believes a {@code trun}'s {@code sample_count} allocates
 * an entry per claimed sample.
 */
final class MoofParser {
  /** {@code tfhd} flags (§8.8.7.1). */
  private static final int TFHD_BASE_DATA_OFFSET = 0x000001;

  private static final int TFHD_SAMPLE_DESCRIPTION_INDEX = 0x000002;
  private static final int TFHD_DEFAULT_SAMPLE_DURATION = 0x000008;
  private static final int TFHD_DEFAULT_SAMPLE_SIZE = 0x000010;
  private static final int TFHD_DEFAULT_SAMPLE_FLAGS = 0x000020;

  /** {@code trun} flags (§8.8.8.1). */
  private static final int TRUN_DATA_OFFSET = 0x000001;

  private static final int TRUN_FIRST_SAMPLE_FLAGS = 0x000004;
  private static final int TRUN_SAMPLE_DURATION = 0x000100;
  private static final int TRUN_SAMPLE_SIZE = 0x000200;
  private static final int TRUN_SAMPLE_FLAGS = 0x000400;
  private static final int TRUN_SAMPLE_COMPOSITION_TIME_OFFSET = 0x000800;

  /** {@code sample_is_non_sync_sample} in sample flags (§8.8.3.1). */
  private static final int SAMPLE_IS_NON_SYNC = 0x10000;

  private final String trackName;

  /** The moof's bytes, index 0 = the moof's first byte. */
  private final ByteBuffer moof;

  private final long moofOffsetBytes;

  private MoofParser(String trackName, ByteBuffer moof, long moofOffsetBytes) {
    this.trackName = trackName;
    this.moof = moof;
    this.moofOffsetBytes = moofOffsetBytes;
  }

  /**
   * @param baseMediaDecodeTimeTicks {@code tfdt}, in the track timescale, below 2^63
   * @param durationTicks sum of the sample durations of every {@code trun}, positive
   * @param sampleCount samples in the fragment, positive
   * @param startsWithSyncSample the first sample's {@code sample_is_non_sync_sample} is 0
   */
  record MoofTiming(
      long baseMediaDecodeTimeTicks,
      long durationTicks,
      long sampleCount,
      boolean startsWithSyncSample) {}

  /**
   * Reads the timing of one CMAF fragment's {@code moof}.
   *
   * @param moof the whole moof box, header included, from its position to its limit
   * @param offsetBytes its offset in the track file, for errors
   * @param dataBytesAfter bytes of the track file after the moof, which hold its samples: every
   *     sample of an audio or video track takes at least one byte, so no fragment has more samples
   * @param trexDefaultSampleDurationTicks {@code trex} default, used when neither {@code tfhd} nor
   *     {@code trun} gives a duration
   * @param trexDefaultSampleFlags {@code trex} default sample flags
   * @throws MalformedMediaException for a box that overruns its parent or is too short for its
   *     fields, a {@code traf} without {@code tfhd} or {@code tfdt}, a {@code tfdt} of 2^63 or
   *     more, a {@code trun} whose sample count its bytes (or the file after the moof) cannot hold,
   *     no samples, zero or overflowing duration; at the offending box's offset
   * @throws UnsupportedMediaException for a moof with other than one {@code traf}
   */
  static MoofTiming parse(
      String trackName,
      ByteBuffer moof,
      long offsetBytes,
      long dataBytesAfter,
      long trexDefaultSampleDurationTicks,
      int trexDefaultSampleFlags)
      throws PackagingException {
    return new MoofParser(trackName, moof.slice(), offsetBytes)
        .parse(dataBytesAfter, trexDefaultSampleDurationTicks, trexDefaultSampleFlags);
  }

  private MoofTiming parse(long dataBytesAfter, long trexDuration, int trexFlags)
      throws PackagingException {
    BoxHeader root = header(0, moof.limit());
    if (!root.type().equals("moof") || root.sizeBytes() != moof.limit()) {
      throw MalformedMediaException.atBox(trackName, root.type(), moofOffsetBytes, "not a moof");
    }
    List<BoxHeader> trafs = children(root, "traf");
    if (trafs.size() != 1) {
      throw UnsupportedMediaException.atBox(
          trackName, "moof", moofOffsetBytes, trafs.size() + " 'traf' boxes; CMAF has exactly one");
    }
    BoxHeader traf = trafs.get(0);
    List<BoxHeader> tfhds = children(traf, "tfhd");
    List<BoxHeader> tfdts = children(traf, "tfdt");
    if (tfhds.isEmpty()) {
      throw MalformedMediaException.atBox(
          trackName, "moof", moofOffsetBytes, "'traf' without 'tfhd'");
    }
    if (tfdts.isEmpty()) {
      // CMAF §7.5.16: every CMAF fragment carries a tfdt.
      throw MalformedMediaException.atBox(
          trackName, "moof", moofOffsetBytes, "'traf' without 'tfdt' (required by CMAF)");
    }

    // tfhd: FullBox, track_ID, then the fields its flags announce, in this order.
    BoxHeader tfhd = tfhds.get(0);
    int p = pos(tfhd.payloadOffsetBytes());
    need(tfhd, p, 8);
    int tfhdFlags = flags24(p);
    int q = p + 8;
    q += (tfhdFlags & TFHD_BASE_DATA_OFFSET) != 0 ? 8 : 0;
    q += (tfhdFlags & TFHD_SAMPLE_DESCRIPTION_INDEX) != 0 ? 4 : 0;
    long defaultDuration = trexDuration;
    if ((tfhdFlags & TFHD_DEFAULT_SAMPLE_DURATION) != 0) {
      need(tfhd, q, 4);
      defaultDuration = Integer.toUnsignedLong(moof.getInt(q));
      q += 4;
    }
    q += (tfhdFlags & TFHD_DEFAULT_SAMPLE_SIZE) != 0 ? 4 : 0;
    int defaultFlags = trexFlags;
    if ((tfhdFlags & TFHD_DEFAULT_SAMPLE_FLAGS) != 0) {
      need(tfhd, q, 4);
      defaultFlags = moof.getInt(q);
      q += 4;
    }
    need(tfhd, q, 0);

    // tfdt: FullBox, a 32-bit (version 0) or 64-bit (version 1) baseMediaDecodeTime.
    BoxHeader tfdt = tfdts.get(0);
    p = pos(tfdt.payloadOffsetBytes());
    need(tfdt, p, 4);
    long baseMediaDecodeTime;
    if ((moof.get(p) & 0xff) == 1) {
      need(tfdt, p, 12);
      baseMediaDecodeTime = moof.getLong(p + 4);
      if (baseMediaDecodeTime < 0) {
        throw MalformedMediaException.atBox(
            trackName,
            "tfdt",
            tfdt.offsetBytes(),
            "baseMediaDecodeTime "
                + Long.toUnsignedString(baseMediaDecodeTime)
                + " is 2^63 or more");
      }
    } else {
      need(tfdt, p, 8);
      baseMediaDecodeTime = Integer.toUnsignedLong(moof.getInt(p + 4));
    }

    long duration = 0;
    long count = 0;
    @Nullable Boolean firstSync = null;
    for (BoxHeader trun : children(traf, "trun")) {
      // trun: FullBox, sample_count, [data_offset], [first_sample_flags], then sample_count
      // records of the per-sample fields its flags announce.
      p = pos(trun.payloadOffsetBytes());
      need(trun, p, 8);
      int flags = flags24(p);
      long samples = Integer.toUnsignedLong(moof.getInt(p + 4));
      q = p + 8;
      q += (flags & TRUN_DATA_OFFSET) != 0 ? 4 : 0;
      @Nullable Integer firstSampleFlags = null;
      if ((flags & TRUN_FIRST_SAMPLE_FLAGS) != 0) {
        need(trun, q, 4);
        firstSampleFlags = moof.getInt(q);
        q += 4;
      }
      need(trun, q, 0);
      int durationAt = 0;
      int flagsAt = 0;
      int recordBytes = 0;
      if ((flags & TRUN_SAMPLE_DURATION) != 0) {
        durationAt = recordBytes;
        recordBytes += 4;
      }
      if ((flags & TRUN_SAMPLE_SIZE) != 0) {
        recordBytes += 4;
      }
      if ((flags & TRUN_SAMPLE_FLAGS) != 0) {
        flagsAt = recordBytes;
        recordBytes += 4;
      }
      if ((flags & TRUN_SAMPLE_COMPOSITION_TIME_OFFSET) != 0) {
        recordBytes += 4;
      }
      long roomBytes = trun.endBytes() - moofOffsetBytes - q;
      // Bound the count by the bytes that hold it before looping over it: the trun's own bytes
      // when it has per-sample fields, and always the data after the moof (a sample is >= 1 byte).
      if (recordBytes > 0 && samples > roomBytes / recordBytes) {
        throw MalformedMediaException.atBox(
            trackName,
            "trun",
            trun.offsetBytes(),
            "sample_count "
                + samples
                + " needs "
                + samples * recordBytes
                + " bytes of per-sample fields, but the box has "
                + roomBytes);
      }
      if (samples > dataBytesAfter - count) {
        throw MalformedMediaException.atBox(
            trackName,
            "trun",
            trun.offsetBytes(),
            "sample_count "
                + samples
                + " is more than the "
                + dataBytesAfter
                + " bytes after the moof can hold");
      }
      if (samples == 0) {
        continue;
      }
      if ((flags & TRUN_SAMPLE_DURATION) != 0) {
        // At most roomBytes / 4 values below 2^32 each: no overflow of a long.
        for (long i = 0; i < samples; i++) {
          duration += Integer.toUnsignedLong(moof.getInt(q + (int) (i * recordBytes) + durationAt));
        }
      } else {
        if (defaultDuration != 0 && samples > (Long.MAX_VALUE - duration) / defaultDuration) {
          throw MalformedMediaException.atBox(
              trackName, "trun", trun.offsetBytes(), "fragment duration overflows 2^63 ticks");
        }
        duration += samples * defaultDuration;
      }
      if (firstSync == null) {
        int first =
            firstSampleFlags != null
                ? firstSampleFlags
                : (flags & TRUN_SAMPLE_FLAGS) != 0 ? moof.getInt(q + flagsAt) : defaultFlags;
        firstSync = (first & SAMPLE_IS_NON_SYNC) == 0;
      }
      count += samples;
    }
    if (count == 0 || duration <= 0) {
      throw MalformedMediaException.atBox(
          trackName, "moof", moofOffsetBytes, "fragment with no samples or zero duration");
    }
    return new MoofTiming(baseMediaDecodeTime, duration, count, Boolean.TRUE.equals(firstSync));
  }

  /** The 24-bit flags of the FullBox whose version byte is at {@code p}. */
  private int flags24(int p) {
    return moof.getInt(p) & 0xffffff;
  }

  private BoxHeader header(int position, int limit) throws MalformedMediaException {
    return BoxHeader.parse(
        trackName,
        moof.duplicate().limit(limit),
        position,
        moofOffsetBytes + position,
        moofOffsetBytes + limit);
  }

  /** The children of {@code parent} of {@code type}, in order; every child must fit its parent. */
  private List<BoxHeader> children(BoxHeader parent, String type) throws MalformedMediaException {
    List<BoxHeader> found = new ArrayList<>();
    int p = pos(parent.payloadOffsetBytes());
    int end = pos(parent.endBytes());
    while (end - p >= 8) {
      BoxHeader h = header(p, end);
      if (h.type().equals(type)) {
        found.add(h);
      }
      p = pos(h.endBytes()); // at least 8 bytes on, at most end (BoxHeader.parse)
    }
    return found;
  }

  /** Fails unless {@code box} holds {@code bytes} bytes from position {@code from}. */
  private void need(BoxHeader box, int from, int bytes) throws MalformedMediaException {
    if ((long) from + bytes > pos(box.endBytes())) {
      throw MalformedMediaException.atBox(
          trackName, box.type(), box.offsetBytes(), "box too short for its fields");
    }
  }

  private int pos(long absoluteOffsetBytes) {
    return (int) (absoluteOffsetBytes - moofOffsetBytes);
  }
}
