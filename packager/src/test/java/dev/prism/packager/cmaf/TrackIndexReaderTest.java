package dev.prism.packager.cmaf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.prism.packager.MalformedMediaException;
import dev.prism.packager.PackagingException;
import dev.prism.packager.UnsupportedMediaException;
import dev.prism.packager.testing.BoxWriter;
import dev.prism.packager.testing.Fixtures;
import dev.prism.packager.testing.Presentations;
import dev.prism.packager.testing.SyntheticTrack;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class TrackIndexReaderTest {
  private static final byte[] VIDEO_240 = Fixtures.bytes("bbb240/video-240.cmfv");
  private static final byte[] VIDEO_120 = Fixtures.bytes("bbb240/video-120.cmfv");
  private static final byte[] AUDIO_EN = Fixtures.bytes("bbb240/audio-en.cmfa");

  @Test
  void read_ffmpegVideoWithSidx_describesTrackFromTheBoxes() throws Exception {
    TrackIndex index = read("video-240", VIDEO_240);

    assertThat(index.trackType()).isEqualTo(TrackType.VIDEO);
    assertThat(index.timescale()).isEqualTo(new Timescale(12_288));
    assertThat(index.sampleEntryType()).isEqualTo("avc1");
    assertThat(index.codecs()).isEqualTo("avc1.640c0d");
    assertThat(index.video())
        .isEqualTo(new VideoFormat(320, 240, new Rational(4, 3), new Rational(24, 1)));
    assertThat(index.audio()).isNull();
    assertThat(index.language()).isEqualTo("und");
    assertThat(index.initSegmentRanges()).containsExactly(new ByteRange(0, 28 + 762));
    assertThat(index.fragments()).hasSize(4);
    assertThat(index.fragments()).allMatch(FragmentRef::startsWithSyncSample);
    assertThat(index.durationTicks()).isEqualTo(8 * 12_288);
    assertContiguous(index);
    // Every fragment starts with a moof.
    for (FragmentRef f : index.fragments()) {
      assertThat(fourccAt(VIDEO_240, f.offsetBytes())).isEqualTo("moof");
    }
  }

  @Test
  void read_withSidx_costsOneHeadReadPlusAtMostATailCheck() throws Exception {
    Fixtures.CountingReader small = new Fixtures.CountingReader(VIDEO_120);
    TrackIndexReader.read("video-120", small, VIDEO_120.length);
    assertThat(small.reads()).as("whole 50 kB file is inside the 64 KiB head").isEqualTo(1);

    Fixtures.CountingReader large = new Fixtures.CountingReader(VIDEO_240);
    TrackIndexReader.read("video-240", large, VIDEO_240.length);
    assertThat(large.reads()).as("head + 16-byte check of the trailing mfra").isEqualTo(2);
  }

  @Test
  void read_twoHourSidx_indexesFromTheHeadAlone() throws Exception {
    SyntheticTrack track =
        SyntheticTrack.video()
            .timescale(90_000)
            .size(1920, 1080)
            .fragments(3600, 48, 3750, 500_000);
    byte[] head = track.head();
    int[] reads = {0};
    RangeReader virtual = SyntheticTrack.virtualFile(head, track.sizeBytes());
    RangeReader counting =
        (offset, length) -> {
          reads[0]++;
          return virtual.read(offset, length);
        };

    TrackIndex index = TrackIndexReader.read("2h", counting, track.sizeBytes());

    assertThat(reads[0]).isEqualTo(1);
    assertThat(index.fragments()).hasSize(3600);
    assertThat(index.durationTicks()).isEqualTo(2L * 3600 * 90_000);
    assertThat(index.fragments().get(3599).offsetBytes() + 500_000).isEqualTo(track.sizeBytes());
  }

  @Test
  void read_sameFileWithoutSidx_scansMoofsToTheSameFragments() throws Exception {
    for (byte[] file : List.of(VIDEO_240, VIDEO_120, AUDIO_EN)) {
      TrackIndex withSidx = read("with", file);
      int[] sidx = findTopLevel(file, "sidx");
      byte[] stripped = remove(file, sidx[0], sidx[1]);

      TrackIndex scanned = read("without", stripped);

      assertThat(scanned.fragments()).hasSameSizeAs(withSidx.fragments());
      for (int i = 0; i < scanned.fragments().size(); i++) {
        FragmentRef a = withSidx.fragments().get(i);
        FragmentRef b = scanned.fragments().get(i);
        assertThat(b.offsetBytes()).isEqualTo(a.offsetBytes() - sidx[1]);
        assertThat(b.sizeBytes()).isEqualTo(a.sizeBytes());
        assertThat(b.baseMediaDecodeTimeTicks()).isEqualTo(a.baseMediaDecodeTimeTicks());
        assertThat(b.durationTicks()).isEqualTo(a.durationTicks());
        assertThat(b.startsWithSyncSample()).isEqualTo(a.startsWithSyncSample());
      }
      assertThat(scanned.codecs()).isEqualTo(withSidx.codecs());
    }
  }

  @Test
  void read_withoutSidx_scanCostsAboutOneReadPerFragment() throws Exception {
    byte[] file = SyntheticTrack.video().sidx(false).fragments(100, 48, 512, 200_000).bytes();
    Fixtures.CountingReader reader = new Fixtures.CountingReader(file);

    TrackIndex index = TrackIndexReader.read("scan", reader, file.length);

    assertThat(index.fragments()).hasSize(100);
    // The head covers the first fragment; each later moof, with its header and the next mdat
    // header, arrives in one windowed read.
    assertThat(reader.reads()).isBetween(100, 101);
  }

  @Test
  void read_ffmpegAacWithPriming_keepsDecodeTimesOfTheTrun() throws Exception {
    TrackIndex index = read("audio-en", AUDIO_EN);

    assertThat(index.codecs()).isEqualTo("mp4a.40.2");
    assertThat(index.audio()).isEqualTo(new AudioFormat(2, 44_100));
    assertThat(index.timescale()).isEqualTo(new Timescale(44_100));
    // 87 AAC frames per fragment; the sidx says 86 for the first (1024 priming samples hidden).
    assertThat(index.fragments().get(0).durationTicks()).isEqualTo(87 * 1024);
    assertThat(index.fragments().get(1).baseMediaDecodeTimeTicks()).isEqualTo(87 * 1024);
    assertContiguous(index);
  }

  @Test
  void read_gpacAvc3WithoutSidx_oneFramePerFragment() {
    TrackIndex video = Presentations.croatia().tracks().get(0).index();
    TrackIndex audio = Presentations.croatia().tracks().get(1).index();

    assertThat(video.codecs()).isEqualTo("avc3.640028");
    assertThat(video.video())
        .isEqualTo(new VideoFormat(1920, 1080, Rational.ONE, new Rational(25, 1)));
    // The two committed 2 s segments (PROVENANCE.md): 100 one-frame fragments, a keyframe a second.
    assertThat(video.fragments()).hasSize(100);
    assertThat(video.durationTicks()).isEqualTo(4 * 12_800);
    assertThat(video.fragments().stream().filter(FragmentRef::startsWithSyncSample).count())
        .isEqualTo(4);
    assertThat(video.initSegmentRanges()).hasSize(2); // a free box sits between ftyp and moov
    assertThat(audio.codecs()).isEqualTo("mp4a.40.2");
    assertThat(audio.audio()).isEqualTo(new AudioFormat(2, 48_000));
    // All five audio segments the MPD lists, 1.984 s each (its timeline says 93184 ticks for the
    // first): 9.92 s, longer than the video, as published.
    assertThat(audio.durationTicks()).isEqualTo(5 * 95_232);
    assertContiguous(video);
    assertContiguous(audio);
  }

  @Test
  void read_hevcAndAc3WithoutSidx_codecStringsMatchTheirMpd() {
    TrackIndex video = Presentations.hevcAc3().tracks().get(0).index();
    TrackIndex audio = Presentations.hevcAc3().tracks().get(1).index();

    // manifest.mpd of the stream says codecs="hev1.1.6.L63.90" and "ac-3".
    assertThat(video.codecs()).isEqualTo("hev1.1.6.L63.90");
    assertThat(video.video())
        .isEqualTo(new VideoFormat(640, 360, Rational.ONE, new Rational(24, 1)));
    assertThat(video.fragments()).hasSize(4);
    assertThat(audio.codecs()).isEqualTo("ac-3");
    assertThat(audio.audio()).isEqualTo(new AudioFormat(2, 48_000));
  }

  @Test
  void read_synthetic_languageChannelsAndDecodeOffset() throws Exception {
    byte[] file =
        SyntheticTrack.audio()
            .language("fra")
            .channels(6)
            .firstDecodeTime(480_000)
            .fragments(3, 94, 1024, 3000)
            .bytes();

    TrackIndex index = read("fr", file);

    assertThat(index.language()).isEqualTo("fra");
    assertThat(index.audio()).isEqualTo(new AudioFormat(6, 48_000));
    assertThat(index.firstDecodeTimeTicks()).isEqualTo(480_000);
    assertThat(index.durationTicks()).isEqualTo(3 * 94 * 1024);
  }

  @Test
  void read_hevcMain10HighTier_codecStringPerIso14496Part15AnnexE() throws Exception {
    // hvcC: version 1; profile_space 0, tier 1, profile_idc 2; compatibility flag 2 set
    // (0x20000000, bit-reversed 0x4); constraint bytes B0 00 00 00 00 00; level 153 (5.1).
    byte[] hvcC =
        BoxWriter.box(
            "hvcC",
            new BoxWriter()
                .u8(1)
                .u8((1 << 5) | 2)
                .u32(0x20000000L)
                .u8(0xB0)
                .zeros(5)
                .u8(153)
                .zeros(9)
                .u8(0)
                .toByteArray());
    byte[] file =
        SyntheticTrack.video()
            .sampleEntry("hvc1")
            .codecConfig(hvcC)
            .size(3840, 2160)
            .fragments(2, 48, 512, 4000)
            .bytes();

    TrackIndex index = read("hevc", file);

    assertThat(index.codecs()).isEqualTo("hvc1.2.4.H153.B0");
    assertThat(index.video().widthPixels()).isEqualTo(3840);
  }

  @Test
  void read_heAacV2ExplicitSignalling_outputRateAndStereo() throws Exception {
    // AOT 29 (PS), 24 kHz core (index 6), mono, extension 48 kHz (index 3), then AOT 2 and a
    // GASpecificConfig of three zero bits: 29|6|1|3|2|000 in 25 bits, padded to 4 bytes.
    long bits = (29L << 20) | (6L << 16) | (1L << 12) | (3L << 8) | (2L << 3);
    byte[] asc = new BoxWriter().u32(bits << 7).toByteArray();
    byte[] file =
        SyntheticTrack.audio()
            .channels(2)
            .audioSpecificConfig(asc)
            .timescale(48_000)
            .fragments(2, 47, 2048, 3000)
            .bytes();

    TrackIndex index = read("he-aac-v2", file);

    assertThat(index.codecs()).isEqualTo("mp4a.40.29");
    assertThat(index.audio()).isEqualTo(new AudioFormat(2, 48_000));
  }

  @Test
  void read_ac3FivePointOne_channelsFromDac3() throws Exception {
    // dac3: fscod 0 (48 kHz), bsid 8, bsmod 0, acmod 7 (3/2), lfeon 1, bit_rate_code 15.
    int bits = (0 << 22) | (8 << 17) | (0 << 14) | (7 << 11) | (1 << 10) | (15 << 5);
    byte[] dac3 = BoxWriter.box("dac3", new BoxWriter().u24(bits).toByteArray());
    byte[] file =
        SyntheticTrack.audio()
            .sampleEntry("ac-3")
            .codecConfig(dac3)
            .fragments(2, 6, 1536, 3000)
            .bytes();

    TrackIndex index = read("ac3", file);

    assertThat(index.codecs()).isEqualTo("ac-3");
    assertThat(index.audio()).isEqualTo(new AudioFormat(6, 48_000));
  }

  @Test
  void read_eac3SevenPointOne_channelsFromDec3WithDependentSubstream() throws Exception {
    // dec3: data_rate 640, num_ind_sub 0; substream: fscod 0, bsid 16, asvc 0, bsmod 0, acmod 7,
    // lfeon 1, num_dep_sub 1, chan_loc = Lrs/Rrs (second bit from the top of 9).
    long sub = (16L << 25) | (7L << 17) | (1L << 16) | (1L << 9) | 0x080;
    byte[] dec3 = BoxWriter.box("dec3", new BoxWriter().u16(640 << 3).u32(sub).toByteArray());
    byte[] file =
        SyntheticTrack.audio()
            .sampleEntry("ec-3")
            .codecConfig(dec3)
            .fragments(2, 6, 1536, 3000)
            .bytes();

    TrackIndex index = read("ec3", file);

    assertThat(index.codecs()).isEqualTo("ec-3");
    assertThat(index.audio()).isEqualTo(new AudioFormat(8, 48_000));
  }

  @Test
  void read_opus_channelsFromDopsAt48kHz() throws Exception {
    byte[] dops =
        BoxWriter.box(
            "dOps", new BoxWriter().u8(0).u8(2).u16(312).u32(44_100).u16(0).u8(0).toByteArray());
    byte[] file =
        SyntheticTrack.audio()
            .sampleEntry("Opus")
            .sampleRate(44_100)
            .codecConfig(dops)
            .fragments(2, 100, 960, 3000)
            .bytes();

    TrackIndex index = read("opus", file);

    assertThat(index.codecs()).isEqualTo("Opus");
    assertThat(index.audio()).isEqualTo(new AudioFormat(2, 48_000));
  }

  // ---- bad input: a typed exception naming the track and the byte offset ----

  @Test
  void read_truncatedInsideMoov_isMalformedAtTheMoov() {
    MalformedMediaException e = malformed("cut.cmfv", Arrays.copyOf(VIDEO_240, 400));

    assertThat(e.trackName()).isEqualTo("cut.cmfv");
    assertThat(e.offsetBytes()).isEqualTo(28);
    assertThat(e)
        .hasMessageContaining("cut.cmfv")
        .hasMessageContaining("'moov'")
        .hasMessageContaining("truncated");
  }

  @Test
  void read_truncatedWithSidx_isMalformedAtTheSidx() {
    MalformedMediaException e = malformed("cut.cmfv", Arrays.copyOf(VIDEO_240, 60_000));

    assertThat(e.offsetBytes()).isEqualTo(790);
    assertThat(e).hasMessageContaining("'sidx'").hasMessageContaining("file ends at 60000");
  }

  @Test
  void read_truncatedWithoutSidx_isMalformedAtTheCutBox() throws Exception {
    int[] sidx = findTopLevel(VIDEO_240, "sidx");
    byte[] stripped = remove(VIDEO_240, sidx[0], sidx[1]);
    TrackIndex whole = read("whole", stripped);
    FragmentRef third = whole.fragments().get(2);

    MalformedMediaException e =
        malformed("cut.cmfv", Arrays.copyOf(stripped, (int) third.offsetBytes() + 1000));

    // The third fragment's moof is whole (300 bytes); its mdat, right after, is cut.
    assertThat(e.offsetBytes()).isEqualTo(third.offsetBytes() + 300);
    assertThat(e).hasMessageContaining("'mdat'").hasMessageContaining("overruns");
  }

  @Test
  void read_moovWithoutTrack_isMalformedAtTheMoov() {
    byte[] file = SyntheticTrack.video().fragments(2, 48, 512, 4000).bytes();
    int trak = indexOf(file, "trak") - 4;
    patchFourcc(file, trak, "free");
    int moov = indexOf(file, "moov") - 4;

    MalformedMediaException e = malformed("empty-moov", file);

    assertThat(e.offsetBytes()).isEqualTo(moov);
    assertThat(e).hasMessageContaining("moov without a track");
  }

  @Test
  void read_sidxReferencingPastTheEnd_isMalformedAtTheSidx() {
    for (int delta : new int[] {100, -100, 1}) {
      byte[] file = VIDEO_240.clone();
      int sidx = findTopLevel(file, "sidx")[0];
      // ffmpeg writes a version 1 sidx: header 12, ref id 4, timescale 4, ept 8, first_offset 8,
      // reserved 2, count 2, then entries of 12 bytes; the last entry's referenced_size.
      assertThat(file[sidx + 8]).isEqualTo((byte) 1);
      int lastEntry = sidx + 12 + 4 + 4 + 8 + 8 + 2 + 2 + 3 * 12;
      ByteBuffer b = ByteBuffer.wrap(file);
      b.putInt(lastEntry, b.getInt(lastEntry) + delta);

      MalformedMediaException e = malformed("bad-sidx", file);

      assertThat(e.offsetBytes()).as("delta %d", delta).isEqualTo(sidx);
      assertThat(e).hasMessageContaining("'sidx'").hasMessageContaining("does not add up");
    }
  }

  @Test
  void read_sidxWithWrongFirstOffset_isMalformedAtTheSidx() {
    byte[] file = VIDEO_240.clone();
    int sidx = findTopLevel(file, "sidx")[0];
    ByteBuffer.wrap(file).putLong(sidx + 28, 7); // first_offset of a version 1 sidx

    MalformedMediaException e = malformed("bad-sidx", file);

    assertThat(e.offsetBytes()).isEqualTo(sidx);
    assertThat(e).hasMessageContaining("does not add up");
  }

  @Test
  void read_unknownCodec_isUnsupportedAtTheSampleEntry() {
    byte[] file = VIDEO_240.clone();
    int entry = indexOf(file, "avc1") - 4;
    patchFourcc(file, entry, "vp08");

    UnsupportedMediaException e = unsupported("vp8.cmfv", file);

    assertThat(e.trackName()).isEqualTo("vp8.cmfv");
    assertThat(e.offsetBytes()).isEqualTo(entry);
    assertThat(e).hasMessageContaining("unknown video sample entry (codec) 'vp08'");
  }

  @Test
  void read_unknownAudioCodec_isUnsupportedAtTheSampleEntry() {
    byte[] file = AUDIO_EN.clone();
    int entry = indexOf(file, "mp4a") - 4;
    patchFourcc(file, entry, "fLaC");

    UnsupportedMediaException e = unsupported("flac.cmfa", file);

    assertThat(e.offsetBytes()).isEqualTo(entry);
    assertThat(e).hasMessageContaining("unknown audio sample entry (codec) 'fLaC'");
  }

  @Test
  void read_hierarchicalSidx_isUnsupported() {
    byte[] file = SyntheticTrack.video().fragments(2, 48, 512, 4000).bytes();
    int sidx = findTopLevel(file, "sidx")[0];
    int firstEntry = sidx + 12 + 4 + 4 + 8 + 8 + 2 + 2; // version 1
    file[firstEntry] |= (byte) 0x80;

    UnsupportedMediaException e = unsupported("nested", file);

    assertThat(e.offsetBytes()).isEqualTo(sidx);
    assertThat(e).hasMessageContaining("hierarchical");
  }

  @Test
  void read_textTrack_isUnsupportedAtTheHdlr() {
    byte[] file = SyntheticTrack.audio().fragments(2, 94, 1024, 3000).bytes();
    int hdlr = indexOf(file, "hdlr") - 4;
    patchFourcc(file, indexOf(file, "soun"), "text");

    UnsupportedMediaException e = unsupported("subs", file);

    assertThat(e.offsetBytes()).isEqualTo(hdlr);
  }

  @Test
  void read_progressiveMp4_isUnsupportedAtItsMdat() throws Exception {
    // The demo clip the repository keeps (media/), a plain progressive MP4.
    Path clip = Path.of("..", "media", "bbb_480p_30s_h264_aac51.mp4");
    try (FileChannel channel = FileChannel.open(clip, StandardOpenOption.READ)) {
      byte[] head = new byte[(int) Math.min(channel.size(), 1 << 20)];
      channel.read(ByteBuffer.wrap(head), 0);
      int mdat = findTopLevel(head, "mdat")[0];

      UnsupportedMediaException e =
          catchThrowableOfType(
              UnsupportedMediaException.class,
              () ->
                  TrackIndexReader.read(
                      "bbb.mp4", RangeReader.ofFileChannel(channel), channel.size()));

      assertThat(e.offsetBytes()).isEqualTo(mdat);
      assertThat(e).hasMessageContaining("not a fragmented");
    }
  }

  @Test
  void read_headerWithoutFragments_isMalformed() {
    int[] sidx = findTopLevel(VIDEO_120, "sidx");
    byte[] header = Arrays.copyOf(VIDEO_120, sidx[0]);
    byte[] withFree = BoxWriter.concat(header, BoxWriter.box("free"));

    assertThat(malformed("no-fragments", header)).hasMessageContaining("no fragment");
    assertThat(malformed("no-fragments", withFree)).hasMessageContaining("no fragment");
  }

  @Test
  void read_concurrently_givesEqualIndexes() throws Exception {
    TrackIndex expected = read("video-240", VIDEO_240);
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(4);
    try {
      List<Future<TrackIndex>> futures = new ArrayList<>();
      for (int i = 0; i < 64; i++) {
        futures.add(pool.submit(() -> read("video-240", VIDEO_240)));
      }
      for (Future<TrackIndex> f : futures) {
        assertThat(f.get()).isEqualTo(expected);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void read_tinyFile_isMalformedAtZero() {
    MalformedMediaException e = malformed("tiny", new byte[] {0, 0, 0, 8});

    assertThat(e.offsetBytes()).isZero();
  }

  @Test
  @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void read_randomlyCorruptedHeads_throwOnlyPackagingExceptions() throws Exception {
    long seed = Long.getLong("property.seed", 42L);
    SplittableRandom random = new SplittableRandom(seed);
    List<byte[]> sources =
        List.of(VIDEO_120, AUDIO_EN, remove(VIDEO_120, findTopLevel(VIDEO_120, "sidx")[0], 88));
    int failures = 0;
    for (int i = 0; i < 400; i++) {
      byte[] file = sources.get(i % sources.size()).clone();
      int flips = 1 + random.nextInt(4);
      for (int f = 0; f < flips; f++) {
        int at = random.nextInt(Math.min(file.length, 2_000));
        file[at] = (byte) random.nextInt(256);
      }
      if (random.nextInt(4) == 0) {
        file = Arrays.copyOf(file, random.nextInt(file.length) + 1);
      }
      try {
        TrackIndexReader.read("fuzz", RangeReader.ofBytes(file), file.length);
      } catch (PackagingException e) {
        failures++;
        assertThat(e).hasMessageContaining("fuzz");
      } catch (RuntimeException e) {
        throw new AssertionError("seed " + seed + " case " + i + ": untyped failure", e);
      }
    }
    assertThat(failures).isPositive();
  }

  // ---- helpers ----

  private static TrackIndex read(String name, byte[] file) throws Exception {
    return TrackIndexReader.read(name, RangeReader.ofBytes(file), file.length);
  }

  private static MalformedMediaException malformed(String name, byte[] file) {
    return catchThrowableOfType(MalformedMediaException.class, () -> read(name, file));
  }

  private static UnsupportedMediaException unsupported(String name, byte[] file) {
    return catchThrowableOfType(UnsupportedMediaException.class, () -> read(name, file));
  }

  private static void assertContiguous(TrackIndex index) {
    List<FragmentRef> f = index.fragments();
    for (int i = 1; i < f.size(); i++) {
      assertThat(f.get(i).baseMediaDecodeTimeTicks()).isEqualTo(f.get(i - 1).endTicks());
      assertThat(f.get(i).offsetBytes())
          .isEqualTo(f.get(i - 1).offsetBytes() + f.get(i - 1).sizeBytes());
    }
  }

  /** {offset, size} of the first top-level box of {@code type}. */
  static int[] findTopLevel(byte[] file, String type) {
    ByteBuffer b = ByteBuffer.wrap(file);
    int offset = 0;
    while (offset + 8 <= file.length) {
      int size = b.getInt(offset);
      if (fourccAt(file, offset).equals(type)) {
        return new int[] {offset, size};
      }
      offset += size;
    }
    throw new AssertionError("no " + type);
  }

  static byte[] remove(byte[] file, int offset, int length) {
    byte[] out = new byte[file.length - length];
    System.arraycopy(file, 0, out, 0, offset);
    System.arraycopy(file, offset + length, out, offset, file.length - offset - length);
    return out;
  }

  private static String fourccAt(byte[] file, long offset) {
    return new String(file, (int) offset + 4, 4, StandardCharsets.ISO_8859_1);
  }

  private static int indexOf(byte[] file, String fourcc) {
    return indexOf(file, fourcc.getBytes(StandardCharsets.ISO_8859_1), 0);
  }

  private static int indexOf(byte[] file, byte[] needle, int from) {
    outer:
    for (int i = from; i <= file.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (file[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    throw new AssertionError("not found");
  }

  private static void patchFourcc(byte[] file, int boxOffsetOrFourccOffset, String fourcc) {
    int at =
        fourccAt(file, boxOffsetOrFourccOffset).matches("[a-z0-9 -]{4}")
                && isBoxStart(file, boxOffsetOrFourccOffset)
            ? boxOffsetOrFourccOffset + 4
            : boxOffsetOrFourccOffset;
    byte[] b = fourcc.getBytes(StandardCharsets.ISO_8859_1);
    System.arraycopy(b, 0, file, at, 4);
  }

  private static boolean isBoxStart(byte[] file, int offset) {
    int size = ByteBuffer.wrap(file).getInt(offset);
    return size >= 8 && offset + size <= file.length;
  }
}
