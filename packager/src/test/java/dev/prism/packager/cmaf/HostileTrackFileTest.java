package dev.prism.packager.cmaf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.prism.packager.MalformedMediaException;
import dev.prism.packager.UnsupportedMediaException;
import dev.prism.packager.testing.BoxWriter;
import dev.prism.packager.testing.Fixtures;
import dev.prism.packager.testing.SyntheticTrack;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Timeout.ThreadMode;

/**
 * Track files crafted to hurt the reader, each made from a real fixture: box sizes that wrap 64-bit
 * arithmetic and sample counts that no box could hold. The origin must answer each with a {@link
 * MalformedMediaException} naming the offending box, quickly: never a spinning thread, an {@link
 * OutOfMemoryError} or an untyped runtime exception. The timeouts run the test in a thread of its
 * own, so a hang fails the test instead of the build.
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS, threadMode = ThreadMode.SEPARATE_THREAD)
class HostileTrackFileTest {
  /** ftyp 0+28, moov 28+763 (mvhd 36+108, trak 144+510, mvex, udta), sidx 791+88, moof 879+488. */
  private static final byte[] VIDEO_120 = Fixtures.bytes("bbb240/video-120.cmfv");

  @Test
  void read_moovChildWhoseLargesizeWrapsTheBoundCheck_isMalformedAtThatBox() {
    byte[] file = VIDEO_120.clone();
    int moov = TrackIndexReaderTest.findTopLevel(file, "moov")[0];
    int mvhd = moov + 8;
    int mvhdSize = ByteBuffer.wrap(file).getInt(mvhd);
    int trak = mvhd + mvhdSize;
    assertThat(fourccAt(file, trak)).isEqualTo("trak");
    // size 1 + largesize 2^63 - mvhdSize: offset + size wraps to a negative long, so a check
    // "offset + size > limit" passes, and the size's low 32 bits are -mvhdSize, so a parser that
    // steps by (int) size lands on mvhd again, then on this trak again, forever.
    ByteBuffer.wrap(file).putInt(trak, 1).putLong(trak + 8, Long.MIN_VALUE - mvhdSize);

    MalformedMediaException e = malformed(file);

    assertThat(e.offsetBytes()).isEqualTo(trak);
    assertThat(e).hasMessageContaining("'trak'");
  }

  @Test
  void read_topLevelBoxWhoseLargesizeWrapsTheBoundCheck_isMalformedAtThatBox() {
    byte[] file = VIDEO_120.clone();
    int sidx = TrackIndexReaderTest.findTopLevel(file, "sidx")[0];
    ByteBuffer.wrap(file).putInt(sidx, 1).putLong(sidx + 8, Long.MAX_VALUE - 100);

    MalformedMediaException e = malformed(file);

    assertThat(e.offsetBytes()).isEqualTo(sidx);
    assertThat(e).hasMessageContaining("'sidx'");
  }

  @Test
  void read_largesizeAboveTwoToThe63_isMalformedAtThatBox() {
    byte[] file = VIDEO_120.clone();
    int sidx = TrackIndexReaderTest.findTopLevel(file, "sidx")[0];
    ByteBuffer.wrap(file).putInt(sidx, 1).putLong(sidx + 8, -16);

    MalformedMediaException e = malformed(file);

    assertThat(e.offsetBytes()).isEqualTo(sidx);
  }

  @Test
  void parseMoof_trunClaimingTwoToThe31SamplesWithoutPerSampleFields_isMalformedAtTheTrun() {
    byte[] moof = hostileMoof();
    int trun = indexOf(moof, "trun") - 4;

    MalformedMediaException e =
        catchThrowableOfType(
            MalformedMediaException.class,
            () ->
                MoofParser.parse("hostile", ByteBuffer.wrap(moof), 5_000, 1_000_000, 512, 0x10000));

    assertThat(e.offsetBytes()).isEqualTo(5_000 + trun);
    assertThat(e).hasMessageContaining("'trun'").hasMessageContaining("2147483648");
  }

  @Test
  void read_fileWhoseMoofHasATrunClaimingTwoToThe31Samples_isMalformedAtTheTrun() {
    int sidx = TrackIndexReaderTest.findTopLevel(VIDEO_120, "sidx")[0];
    byte[] header = Arrays.copyOf(VIDEO_120, sidx); // ftyp + moov, no sidx: the reader scans
    byte[] moof = hostileMoof();
    byte[] file = BoxWriter.concat(header, moof, BoxWriter.box("mdat", new byte[64]));
    int trun = header.length + indexOf(moof, "trun") - 4;

    MalformedMediaException e = malformed(file);

    assertThat(e.offsetBytes()).isEqualTo(trun);
    assertThat(e).hasMessageContaining("'trun'");
  }

  @Test
  void read_aacConfigWithAReservedSamplingFrequencyIndex_isMalformedAtTheEsds() {
    byte[] file = Fixtures.bytes("bbb240/audio-en.cmfa");
    int esds = indexOf(file, "esds") - 4;
    // DecoderSpecificInfo (tag 5, 4-byte size 5): AudioSpecificConfig 0x1210 = AAC LC (2),
    // samplingFrequencyIndex 4 (44.1 kHz), stereo. Index 13 is reserved (ISO/IEC 14496-3 Table
    // 1.18); mp4parser's getSamplingFrequency() throws NullPointerException for it.
    int asc = indexOf(file, new byte[] {5, (byte) 0x80, (byte) 0x80, (byte) 0x80, 5}) + 5;
    assertThat(asc).isGreaterThan(esds);
    assertThat(new byte[] {file[asc], file[asc + 1]}).containsExactly(0x12, 0x10);
    file[asc] = 0x16; // 00010 1101 0010 000: AOT 2, index 13, channels 2
    file[asc + 1] = (byte) 0x90;

    MalformedMediaException e = malformed(file);

    assertThat(e.offsetBytes()).isEqualTo(esds);
    assertThat(e).hasMessageContaining("'esds'");
  }

  @Test
  void read_esdsOfThousandsOfNestedDescriptors_isRefusedBeforeTheLibraryRecursesIntoThem() {
    byte[] file = Fixtures.bytes("bbb240/audio-en.cmfa");
    int esds = indexOf(file, "esds") - 4;
    int esdsSize = ByteBuffer.wrap(file).getInt(esds);
    // 3000 ES_Descriptors (tag 3), each inside the one before: 8 bytes a level. mp4parser parses
    // the descriptor tree recursively, one level per nesting, and overflows its thread's stack.
    byte[] nested = {3, 3, 0, 1, 0};
    for (int i = 0; i < 3000; i++) {
      int size = 3 + nested.length;
      nested =
          BoxWriter.concat(
              new byte[] {
                3,
                (byte) (0x80 | (size >> 21)),
                (byte) (0x80 | (size >> 14)),
                (byte) (0x80 | (size >> 7)),
                (byte) (size & 0x7f),
                0,
                1,
                0
              },
              nested);
    }
    byte[] hostileEsds = BoxWriter.fullBox("esds", 0, 0, nested);
    byte[] hostile =
        BoxWriter.concat(
            Arrays.copyOf(file, esds),
            hostileEsds,
            Arrays.copyOfRange(file, esds + esdsSize, file.length));
    // Every box around the esds grows by as much.
    int delta = hostileEsds.length - esdsSize;
    int at = TrackIndexReaderTest.findTopLevel(hostile, "moov")[0];
    for (String parent : new String[] {"moov", "trak", "mdia", "minf", "stbl", "stsd", "mp4a"}) {
      at = indexOf(hostile, parent, at) - 4;
      ByteBuffer.wrap(hostile).putInt(at, ByteBuffer.wrap(hostile).getInt(at) + delta);
      at += 8;
    }

    UnsupportedMediaException e =
        catchThrowableOfType(
            UnsupportedMediaException.class,
            () -> TrackIndexReader.read("nested", RangeReader.ofBytes(hostile), hostile.length));

    assertThat(e.offsetBytes()).isEqualTo(esds);
    assertThat(e).hasMessageContaining("'esds'");
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = ThreadMode.SEPARATE_THREAD)
  void read_scannedFileOfMoreFragmentsThanTheCap_isUnsupportedAtTheFirstFragmentPastIt()
      throws Exception {
    // Without a sidx the file chooses how many fragments the index holds: one tiny fragment
    // (a 1-sample moof and a 1-byte mdat) repeated past the cap, served without materializing it.
    byte[] one = SyntheticTrack.video().sidx(false).fragments(1, 1, 512, 150).bytes();
    int header = TrackIndexReaderTest.findTopLevel(one, "moof")[0];
    int fragment = one.length - header;
    long size = header + (long) fragment * (TrackIndexReader.MAX_FRAGMENTS + 1);
    RangeReader repeating =
        (offset, length) -> {
          int n = (int) Math.max(0, Math.min(length, size - offset));
          ByteBuffer out = ByteBuffer.allocate(n);
          for (long at = offset; out.hasRemaining(); at++) {
            out.put(at < header ? one[(int) at] : one[header + (int) ((at - header) % fragment)]);
          }
          return out.flip();
        };

    UnsupportedMediaException e =
        catchThrowableOfType(
            UnsupportedMediaException.class, () -> TrackIndexReader.read("many", repeating, size));

    assertThat(e.offsetBytes())
        .isEqualTo(header + (long) fragment * TrackIndexReader.MAX_FRAGMENTS);
    assertThat(e).hasMessageContaining("more than 2097152 fragments");
  }

  /**
   * The fixture's first moof with its trun replaced by one of 20 bytes that claims 2^31 samples and
   * carries only a data offset (flags 0x000001): no per-sample field, so a library that believes
   * the count allocates 2^31 entries from no bytes at all.
   */
  private static byte[] hostileMoof() {
    int at = TrackIndexReaderTest.findTopLevel(VIDEO_120, "moof")[0];
    ByteBuffer b = ByteBuffer.wrap(VIDEO_120);
    int mfhd = at + 8;
    int traf = mfhd + b.getInt(mfhd);
    int tfhd = traf + 8;
    int tfdt = tfhd + b.getInt(tfhd);
    assertThat(fourccAt(VIDEO_120, mfhd)).isEqualTo("mfhd");
    assertThat(fourccAt(VIDEO_120, tfhd)).isEqualTo("tfhd");
    assertThat(fourccAt(VIDEO_120, tfdt)).isEqualTo("tfdt");
    byte[] trun =
        BoxWriter.fullBox("trun", 0, 0x000001, new BoxWriter().u32(1L << 31).u32(0).toByteArray());
    byte[] newTraf =
        BoxWriter.box(
            "traf",
            Arrays.copyOfRange(VIDEO_120, tfhd, tfdt),
            Arrays.copyOfRange(VIDEO_120, tfdt, tfdt + b.getInt(tfdt)),
            trun);
    return BoxWriter.box("moof", Arrays.copyOfRange(VIDEO_120, mfhd, traf), newTraf);
  }

  private static MalformedMediaException malformed(byte[] file) {
    return catchThrowableOfType(
        MalformedMediaException.class,
        () -> TrackIndexReader.read("hostile", RangeReader.ofBytes(file), file.length));
  }

  private static String fourccAt(byte[] bytes, int boxOffset) {
    return new String(bytes, boxOffset + 4, 4, StandardCharsets.ISO_8859_1);
  }

  private static int indexOf(byte[] bytes, String fourcc) {
    return indexOf(bytes, fourcc, 0);
  }

  private static int indexOf(byte[] bytes, String fourcc, int from) {
    return indexOf(bytes, fourcc.getBytes(StandardCharsets.ISO_8859_1), from);
  }

  private static int indexOf(byte[] bytes, byte[] needle) {
    return indexOf(bytes, needle, 0);
  }

  private static int indexOf(byte[] bytes, byte[] needle, int from) {
    outer:
    for (int i = from; i <= bytes.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (bytes[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    throw new AssertionError("not found");
  }
}
