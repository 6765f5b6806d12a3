package dev.prism.packager.testing;

import dev.prism.packager.cmaf.RangeReader;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Builds synthetic CMAF track files (ftyp, moov, optional sidx, moof+mdat fragments) with arbitrary
 * sample payloads: the packager never decodes, so zeros do. Fragments are described by sample
 * count, sample duration and total size, so a 2-hour track costs nothing until it is materialized;
 * {@link #head()} gives just ftyp+moov+sidx+first fragment for index benchmarks.
 */
public final class SyntheticTrack {
  /**
   * One fragment: {@code sampleCount} samples of {@code sampleDurationTicks}, {@code sizeBytes}.
   */
  public record Fragment(int sampleCount, long sampleDurationTicks, int sizeBytes, boolean sync) {}

  private final boolean video;
  private long timescale = 12_288;
  private int width = 640;
  private int height = 360;
  private int[] avcProfileCompatLevel = {0x64, 0x00, 0x1e};
  private String sampleEntry = "avc1";
  private int channels = 2;
  private int sampleRate = 48_000;
  private int audioObjectType = 2;
  private String language = "und";
  private boolean sidx = true;
  private byte @Nullable [] codecConfig;
  private byte @Nullable [] audioSpecificConfig;
  private long firstDecodeTimeTicks;
  private final List<Fragment> fragments = new ArrayList<>();

  private SyntheticTrack(boolean video) {
    this.video = video;
  }

  public static SyntheticTrack video() {
    return new SyntheticTrack(true);
  }

  public static SyntheticTrack audio() {
    SyntheticTrack t = new SyntheticTrack(false);
    t.timescale = 48_000;
    t.sampleEntry = "mp4a";
    return t;
  }

  public SyntheticTrack timescale(long ticksPerSecond) {
    this.timescale = ticksPerSecond;
    return this;
  }

  public SyntheticTrack size(int widthPixels, int heightPixels) {
    this.width = widthPixels;
    this.height = heightPixels;
    return this;
  }

  /** avcC profile, compatibility and level bytes. */
  public SyntheticTrack avc(int profile, int compat, int level) {
    this.avcProfileCompatLevel = new int[] {profile, compat, level};
    return this;
  }

  /** Overrides the sample entry 4CC (e.g. an unknown codec). */
  public SyntheticTrack sampleEntry(String fourcc) {
    this.sampleEntry = fourcc;
    return this;
  }

  public SyntheticTrack channels(int count) {
    this.channels = count;
    return this;
  }

  public SyntheticTrack sampleRate(int hz) {
    this.sampleRate = hz;
    return this;
  }

  public SyntheticTrack language(String iso639) {
    this.language = iso639;
    return this;
  }

  /**
   * The codec configuration box placed in the sample entry instead of the default avcC or esds
   * (e.g. a {@code dac3}, {@code dec3} or {@code dOps} box built with {@link BoxWriter}).
   */
  public SyntheticTrack codecConfig(byte[] box) {
    this.codecConfig = box.clone();
    return this;
  }

  /** Raw AudioSpecificConfig bytes (ISO/IEC 14496-3 §1.6.2.1) for the esds, e.g. HE-AAC. */
  public SyntheticTrack audioSpecificConfig(byte[] asc) {
    this.audioSpecificConfig = asc.clone();
    return this;
  }

  public SyntheticTrack sidx(boolean withSidx) {
    this.sidx = withSidx;
    return this;
  }

  public SyntheticTrack firstDecodeTime(long ticks) {
    this.firstDecodeTimeTicks = ticks;
    return this;
  }

  public SyntheticTrack fragment(int sampleCount, long sampleDurationTicks, int sizeBytes) {
    fragments.add(new Fragment(sampleCount, sampleDurationTicks, sizeBytes, true));
    return this;
  }

  public SyntheticTrack fragment(Fragment f) {
    fragments.add(f);
    return this;
  }

  /** {@code count} identical fragments. */
  public SyntheticTrack fragments(
      int count, int sampleCount, long sampleDurationTicks, int sizeBytes) {
    for (int i = 0; i < count; i++) {
      fragment(sampleCount, sampleDurationTicks, sizeBytes);
    }
    return this;
  }

  /** The whole file. */
  public byte[] bytes() {
    List<byte[]> parts = new ArrayList<>();
    parts.add(header());
    long t = firstDecodeTimeTicks;
    for (int i = 0; i < fragments.size(); i++) {
      parts.add(fragmentBytes(i, t, true));
      t += fragments.get(i).sampleCount() * fragments.get(i).sampleDurationTicks();
    }
    return BoxWriter.concat(parts.toArray(new byte[0][]));
  }

  /** ftyp+moov(+sidx) and the first fragment's moof and mdat header, without payloads. */
  public byte[] head() {
    return BoxWriter.concat(header(), fragmentBytes(0, firstDecodeTimeTicks, false));
  }

  /** The size {@link #bytes()} would have. */
  public long sizeBytes() {
    long size = header().length;
    for (Fragment f : fragments) {
      size += f.sizeBytes();
    }
    return size;
  }

  /**
   * A reader over a file whose first bytes are {@code head} and whose rest reads as zeros up to
   * {@code sizeBytes}: enough for indexing from a sidx without materializing gigabytes.
   */
  public static RangeReader virtualFile(byte[] head, long sizeBytes) {
    return (offsetBytes, lengthBytes) -> {
      int length = (int) Math.max(0, Math.min(lengthBytes, sizeBytes - offsetBytes));
      ByteBuffer out = ByteBuffer.allocate(length);
      if (offsetBytes < head.length) {
        int n = (int) Math.min(length, head.length - offsetBytes);
        out.put(head, (int) offsetBytes, n);
      }
      return out.clear();
    };
  }

  private byte[] header() {
    byte[] ftyp =
        BoxWriter.box(
            "ftyp",
            new BoxWriter()
                .fourcc("cmfc")
                .u32(0)
                .fourcc("iso6")
                .fourcc("cmfc")
                .fourcc(video ? "cmf2" : "caac")
                .toByteArray());
    byte[] moov = BoxWriter.box("moov", mvhd(), trak(), mvex());
    if (!sidx) {
      return BoxWriter.concat(ftyp, moov);
    }
    return BoxWriter.concat(ftyp, moov, sidx());
  }

  private byte[] sidx() {
    BoxWriter w =
        new BoxWriter()
            .u32(1) // reference_ID
            .u32(timescale)
            .u64(firstDecodeTimeTicks) // earliest_presentation_time (version 1)
            .u64(0) // first_offset
            .u16(0)
            .u16(fragments.size());
    for (Fragment f : fragments) {
      w.u32(f.sizeBytes() & 0x7fffffffL);
      w.u32(f.sampleCount() * f.sampleDurationTicks());
      w.u32(f.sync() ? 0x90000000L : 0); // starts_with_SAP=1, SAP_type=1
    }
    return BoxWriter.fullBox("sidx", 1, 0, w.toByteArray());
  }

  private byte[] mvhd() {
    BoxWriter w =
        new BoxWriter().u32(0).u32(0).u32(1000).u32(0).u32(0x00010000).u16(0x0100).zeros(10);
    matrix(w);
    return BoxWriter.fullBox("mvhd", 0, 0, w.zeros(24).u32(2).toByteArray());
  }

  private static void matrix(BoxWriter w) {
    w.u32(0x00010000).u32(0).u32(0).u32(0).u32(0x00010000).u32(0).u32(0).u32(0).u32(0x40000000);
  }

  private byte[] trak() {
    BoxWriter tkhd = new BoxWriter().u32(0).u32(0).u32(1).u32(0).u32(0).zeros(8).u16(0).u16(0);
    tkhd.u16(video ? 0 : 0x0100).u16(0);
    matrix(tkhd);
    tkhd.u32((long) (video ? width : 0) << 16).u32((long) (video ? height : 0) << 16);
    return BoxWriter.box("trak", BoxWriter.fullBox("tkhd", 0, 3, tkhd.toByteArray()), mdia());
  }

  private byte[] mdia() {
    int packed = 0;
    for (char c : language.toCharArray()) {
      packed = (packed << 5) | (c - 0x60);
    }
    byte[] mdhd =
        BoxWriter.fullBox(
            "mdhd",
            0,
            0,
            new BoxWriter().u32(0).u32(0).u32(timescale).u32(0).u16(packed).u16(0).toByteArray());
    byte[] hdlr =
        BoxWriter.fullBox(
            "hdlr",
            0,
            0,
            new BoxWriter().u32(0).fourcc(video ? "vide" : "soun").zeros(12).u8(0).toByteArray());
    byte[] mhd =
        video
            ? BoxWriter.fullBox("vmhd", 0, 1, new byte[8])
            : BoxWriter.fullBox("smhd", 0, 0, new byte[4]);
    byte[] dinf =
        BoxWriter.box(
            "dinf",
            BoxWriter.fullBox(
                "dref",
                0,
                0,
                new BoxWriter().u32(1).toByteArray(),
                BoxWriter.fullBox("url ", 0, 1)));
    byte[] stbl =
        BoxWriter.box(
            "stbl",
            BoxWriter.fullBox("stsd", 0, 0, new BoxWriter().u32(1).toByteArray(), sampleEntry()),
            BoxWriter.fullBox("stts", 0, 0, new byte[4]),
            BoxWriter.fullBox("stsc", 0, 0, new byte[4]),
            BoxWriter.fullBox("stsz", 0, 0, new byte[8]),
            BoxWriter.fullBox("stco", 0, 0, new byte[4]));
    return BoxWriter.box("mdia", mdhd, hdlr, BoxWriter.box("minf", mhd, dinf, stbl));
  }

  private byte[] sampleEntry() {
    if (video) {
      BoxWriter w = new BoxWriter().zeros(6).u16(1).zeros(16).u16(width).u16(height);
      w.u32(0x00480000).u32(0x00480000).u32(0).u16(1).zeros(32).u16(0x18).u16(0xffff);
      byte[] sps = {0x67, (byte) avcProfileCompatLevel[0], 0, (byte) avcProfileCompatLevel[2]};
      byte[] pps = {0x68, (byte) 0xce, 0x3c, (byte) 0x80};
      byte[] avcC =
          BoxWriter.box(
              "avcC",
              new BoxWriter()
                  .u8(1)
                  .u8(avcProfileCompatLevel[0])
                  .u8(avcProfileCompatLevel[1])
                  .u8(avcProfileCompatLevel[2])
                  .u8(0xff)
                  .u8(0xe1)
                  .u16(sps.length)
                  .bytes(sps)
                  .u8(1)
                  .u16(pps.length)
                  .bytes(pps)
                  .toByteArray());
      return BoxWriter.box(sampleEntry, w.toByteArray(), codecConfig != null ? codecConfig : avcC);
    }
    BoxWriter w = new BoxWriter().zeros(6).u16(1).zeros(8).u16(channels).u16(16).u16(0).u16(0);
    w.u32((long) sampleRate << 16);
    if (codecConfig != null) {
      return BoxWriter.box(sampleEntry, w.toByteArray(), codecConfig);
    }
    int[] rates = {
      96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000
    };
    int index = 0;
    for (int i = 0; i < rates.length; i++) {
      if (rates[i] == sampleRate) {
        index = i;
      }
    }
    int channelConfig = channels == 8 ? 7 : channels;
    byte[] ascBytes =
        audioSpecificConfig != null
            ? audioSpecificConfig
            : new BoxWriter()
                .u16((audioObjectType << 11) | (index << 7) | (channelConfig << 3))
                .toByteArray();
    byte[] dsi = BoxWriter.concat(new byte[] {0x05, (byte) ascBytes.length}, ascBytes);
    byte[] dcdBody =
        BoxWriter.concat(
            new BoxWriter().u8(0x40).u8(0x15).u24(0).u32(128_000).u32(128_000).toByteArray(), dsi);
    byte[] dcd = BoxWriter.concat(new byte[] {0x04, (byte) dcdBody.length}, dcdBody);
    byte[] sl = {0x06, 0x01, 0x02};
    byte[] esBody = BoxWriter.concat(new BoxWriter().u16(1).u8(0).toByteArray(), dcd, sl);
    byte[] es = BoxWriter.concat(new byte[] {0x03, (byte) esBody.length}, esBody);
    byte[] esds = BoxWriter.fullBox("esds", 0, 0, es);
    return BoxWriter.box(sampleEntry, w.toByteArray(), esds);
  }

  private byte[] mvex() {
    return BoxWriter.box(
        "mvex",
        BoxWriter.fullBox(
            "trex",
            0,
            0,
            new BoxWriter().u32(1).u32(1).u32(0).u32(0).u32(0x00010000).toByteArray()));
  }

  /** moof+mdat of fragment {@code i}; with {@code payload} false, only the mdat header. */
  private byte[] fragmentBytes(int i, long decodeTimeTicks, boolean payload) {
    Fragment f = fragments.get(i);
    byte[] moof = moof(i, f, decodeTimeTicks, 0);
    moof = moof(i, f, decodeTimeTicks, moof.length + 8);
    int mdatSize = f.sizeBytes() - moof.length;
    if (mdatSize < 8) {
      throw new IllegalArgumentException("fragment " + i + " too small for its moof");
    }
    byte[] mdatHeader = new BoxWriter().u32(mdatSize).fourcc("mdat").toByteArray();
    if (!payload) {
      return BoxWriter.concat(moof, mdatHeader);
    }
    return BoxWriter.concat(moof, mdatHeader, new byte[mdatSize - 8]);
  }

  private byte[] moof(int i, Fragment f, long decodeTimeTicks, int dataOffset) {
    byte[] mfhd = BoxWriter.fullBox("mfhd", 0, 0, new BoxWriter().u32(i + 1L).toByteArray());
    byte[] tfhd = BoxWriter.fullBox("tfhd", 0, 0x020000, new BoxWriter().u32(1).toByteArray());
    byte[] tfdt =
        BoxWriter.fullBox("tfdt", 1, 0, new BoxWriter().u64(decodeTimeTicks).toByteArray());
    BoxWriter trun = new BoxWriter().u32(f.sampleCount()).u32(dataOffset);
    trun.u32(f.sync() ? 0x02000000L : 0x01010000L); // first_sample_flags: depends_on=2 / non-sync
    int perSampleSize = Math.max(1, (f.sizeBytes() - 512) / f.sampleCount());
    for (int s = 0; s < f.sampleCount(); s++) {
      trun.u32(f.sampleDurationTicks()).u32(perSampleSize);
    }
    byte[] trunBox = BoxWriter.fullBox("trun", 0, 0x000305, trun.toByteArray());
    return BoxWriter.box("moof", mfhd, BoxWriter.box("traf", tfhd, tfdt, trunBox));
  }
}
