package dev.prism.packager.cmaf;

import dev.prism.packager.MalformedMediaException;
import dev.prism.packager.PackagingException;
import dev.prism.packager.UnsupportedMediaException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.mp4parser.Box;
import org.mp4parser.IsoFile;
import org.mp4parser.boxes.iso14496.part1.objectdescriptors.AudioSpecificConfig;
import org.mp4parser.boxes.iso14496.part1.objectdescriptors.DecoderConfigDescriptor;
import org.mp4parser.boxes.iso14496.part1.objectdescriptors.ESDescriptor;
import org.mp4parser.boxes.iso14496.part14.ESDescriptorBox;
import org.mp4parser.tools.ByteBufferByteChannel;

/**
 * Reads the track description out of a {@code moov} box (ISO/IEC 14496-12 §8.2–8.7, CMAF header
 * §7.3.1). Small fixed-layout boxes are read directly so every error names an exact offset; the
 * MPEG-4 descriptor tree inside {@code esds} goes through mp4parser.
 */
final class MoovParser {
  /** Sample-entry 4CCs Prism packages, by family. */
  private static final String AVC1 = "avc1";

  private static final String AVC3 = "avc3";
  private static final String HVC1 = "hvc1";
  private static final String HEV1 = "hev1";
  private static final String MP4A = "mp4a";
  private static final String AC_3 = "ac-3";
  private static final String EC_3 = "ec-3";
  private static final String OPUS = "Opus";

  /** AC-3 acmod → full-bandwidth channels (ETSI TS 102 366 Table 4.3; 1+1 counts as 2). */
  private static final int[] ACMOD_CHANNELS = {2, 1, 2, 3, 3, 4, 4, 5};

  /** E-AC-3 chan_loc bits, most significant first → channels (ETSI TS 102 366 Table E.1.4). */
  private static final int[] CHAN_LOC_CHANNELS = {2, 2, 1, 1, 2, 2, 2, 1, 1};

  /**
   * The largest {@code esds} handed to mp4parser. An AAC one (ES_Descriptor,
   * DecoderConfigDescriptor, a few bytes of AudioSpecificConfig, SLConfigDescriptor; ISO/IEC
   * 14496-1 §7.2.6) is about 50 bytes. mp4parser parses nested descriptors recursively, one stack
   * frame group per level of at least 5 bytes, and a few thousand levels overflow a thread's stack:
   * 1 KiB bounds the depth at about 200.
   */
  static final int MAX_ESDS_BYTES = 1024;

  /** What the moov says about its single track. */
  record TrackDescription(
      long trackId,
      TrackType trackType,
      Timescale timescale,
      String language,
      String sampleEntryType,
      String codecs,
      int widthPixels,
      int heightPixels,
      Rational sampleAspectRatio,
      @Nullable AudioFormat audio,
      long trexDefaultSampleDurationTicks,
      int trexDefaultSampleFlags) {}

  private final String trackName;

  /** The moov's bytes, index 0 = the moov's first byte. */
  private final ByteBuffer moov;

  private final long moovOffsetBytes;

  private MoovParser(String trackName, ByteBuffer moov, long moovOffsetBytes) {
    this.trackName = trackName;
    this.moov = moov;
    this.moovOffsetBytes = moovOffsetBytes;
  }

  /**
   * @param moov the whole moov box, header included, from its position to its limit
   * @param moovOffsetBytes the moov's offset in the track file
   */
  static TrackDescription parse(String trackName, ByteBuffer moov, long moovOffsetBytes)
      throws PackagingException {
    return new MoovParser(trackName, moov.slice(), moovOffsetBytes).parse();
  }

  private TrackDescription parse() throws PackagingException {
    BoxHeader moovHeader = header(0, moov.limit());
    List<BoxHeader> traks = children(moovHeader, 0, "trak");
    if (traks.isEmpty()) {
      throw MalformedMediaException.atBox(
          trackName, "moov", moovOffsetBytes, "moov without a track ('trak')");
    }
    if (traks.size() > 1) {
      throw UnsupportedMediaException.atBox(
          trackName,
          "moov",
          moovOffsetBytes,
          traks.size() + " tracks; a CMAF track file carries exactly one");
    }
    BoxHeader trak = traks.get(0);
    BoxHeader tkhd = required(trak, "tkhd");
    BoxHeader mdia = required(trak, "mdia");
    BoxHeader mdhd = required(mdia, "mdhd");
    BoxHeader hdlr = required(mdia, "hdlr");
    BoxHeader stsd = required(required(required(mdia, "minf"), "stbl"), "stsd");

    long trackId = readTrackId(tkhd);
    int mdhdPos = pos(mdhd.payloadOffsetBytes());
    need(mdhd, mdhdPos + 1);
    int mdhdVersion = moov.get(mdhdPos) & 0xff;
    int timescalePos = mdhdPos + (mdhdVersion == 1 ? 4 + 16 : 4 + 8);
    need(mdhd, timescalePos + (mdhdVersion == 1 ? 14 : 10));
    long timescale = Integer.toUnsignedLong(moov.getInt(timescalePos));
    if (timescale == 0) {
      throw MalformedMediaException.atBox(trackName, "mdhd", abs(mdhd), "timescale is 0");
    }
    int languagePos = timescalePos + (mdhdVersion == 1 ? 12 : 8);
    String language = unpackLanguage(moov.getShort(languagePos) & 0xffff);

    need(hdlr, pos(hdlr.payloadOffsetBytes()) + 12);
    String handler = BoxHeader.fourcc(moov, pos(hdlr.payloadOffsetBytes()) + 8);
    TrackType trackType;
    if (handler.equals("vide")) {
      trackType = TrackType.VIDEO;
    } else if (handler.equals("soun")) {
      trackType = TrackType.AUDIO;
    } else {
      throw UnsupportedMediaException.atBox(
          trackName,
          "hdlr",
          abs(hdlr),
          "handler '" + handler + "' (only vide and soun are packaged)");
    }

    long trexDuration = 0;
    int trexFlags = 0;
    BoxHeader mvex = child(moovHeader, "mvex");
    if (mvex == null) {
      throw MalformedMediaException.atBox(
          trackName, "moov", moovOffsetBytes, "no 'mvex': not a fragmented (CMAF) track file");
    }
    for (BoxHeader trex : children(mvex, 0, "trex")) {
      int p = pos(trex.payloadOffsetBytes());
      need(trex, p + 24);
      if (Integer.toUnsignedLong(moov.getInt(p + 4)) == trackId) {
        trexDuration = Integer.toUnsignedLong(moov.getInt(p + 12));
        trexFlags = moov.getInt(p + 20);
      }
    }

    // stsd (§8.5.2): FullBox, entry_count, then the sample entries. CMAF allows one entry.
    int stsdPos = pos(stsd.payloadOffsetBytes());
    need(stsd, stsdPos + 8);
    if (moov.getInt(stsdPos + 4) < 1) {
      throw MalformedMediaException.atBox(trackName, "stsd", abs(stsd), "no sample entry");
    }
    BoxHeader entry = header(stsdPos + 8, pos(stsd.endBytes()));
    int entryPos = pos(entry.offsetBytes());
    SampleEntry sample =
        trackType == TrackType.VIDEO
            ? describeVideo(entry, entryPos)
            : describeAudio(entry, entryPos);
    return new TrackDescription(
        trackId,
        trackType,
        new Timescale(timescale),
        language,
        entry.type(),
        sample.codecs(),
        sample.widthPixels(),
        sample.heightPixels(),
        sample.sampleAspectRatio(),
        sample.audio(),
        trexDuration,
        trexFlags);
  }

  /** What a sample entry says of its track: the codec string and the video or audio format. */
  private record SampleEntry(
      String codecs,
      int widthPixels,
      int heightPixels,
      Rational sampleAspectRatio,
      @Nullable AudioFormat audio) {}

  private SampleEntry describeVideo(BoxHeader entry, int entryPos) throws PackagingException {
    String type = entry.type();
    // VisualSampleEntry (§12.1.3): 8-byte SampleEntry header fields, then 70 bytes, then boxes.
    int fieldsPos = entryPos + entry.headerSizeBytes();
    need(entry, fieldsPos + 78);
    int width = moov.getShort(fieldsPos + 24) & 0xffff;
    int height = moov.getShort(fieldsPos + 26) & 0xffff;
    if (width == 0 || height == 0) {
      throw MalformedMediaException.atBox(
          trackName, type, abs(entry), "visual sample entry with size " + width + "x" + height);
    }
    BoxHeader entryAsContainer =
        new BoxHeader(type, entry.offsetBytes(), entry.sizeBytes(), entry.headerSizeBytes() + 78);
    String codecs;
    if (type.equals(AVC1) || type.equals(AVC3)) {
      BoxHeader avcC = required(entryAsContainer, "avcC");
      int p = pos(avcC.payloadOffsetBytes());
      need(avcC, p + 4);
      // ISO/IEC 14496-15 §5.3.3: configurationVersion, AVCProfileIndication,
      // profile_compatibility, AVCLevelIndication; RFC 6381 §3.3 prints them as hex.
      codecs =
          String.format(
              Locale.ROOT,
              "%s.%02x%02x%02x",
              type,
              moov.get(p + 1) & 0xff,
              moov.get(p + 2) & 0xff,
              moov.get(p + 3) & 0xff);
    } else if (type.equals(HVC1) || type.equals(HEV1)) {
      BoxHeader hvcC = required(entryAsContainer, "hvcC");
      int p = pos(hvcC.payloadOffsetBytes());
      need(hvcC, p + 13);
      codecs = hevcCodecs(type, p);
    } else {
      throw UnsupportedMediaException.atBox(
          trackName, type, abs(entry), "unknown video sample entry (codec) '" + type + "'");
    }
    Rational sar = Rational.ONE;
    BoxHeader pasp = child(entryAsContainer, "pasp");
    if (pasp != null) {
      int p = pos(pasp.payloadOffsetBytes());
      need(pasp, p + 8);
      long h = Integer.toUnsignedLong(moov.getInt(p));
      long v = Integer.toUnsignedLong(moov.getInt(p + 4));
      if (h > 0 && v > 0) {
        sar = new Rational(h, v);
      }
    }
    return new SampleEntry(codecs, width, height, sar, /* audio= */ null);
  }

  /**
   * RFC 6381 / ISO/IEC 14496-15 Annex E.3: {@code
   * hvc1.[A-C]?profile.compat.{L|H}level.constraints}, compatibility flags bit-reversed in hex,
   * constraint bytes in hex with trailing zero bytes omitted.
   */
  private String hevcCodecs(String type, int p) {
    int b = moov.get(p + 1) & 0xff;
    int profileSpace = b >> 6;
    boolean tier = (b & 0x20) != 0;
    int profileIdc = b & 0x1f;
    long compat = Integer.toUnsignedLong(moov.getInt(p + 2));
    long reversed = Integer.toUnsignedLong(Integer.reverse((int) compat));
    int level = moov.get(p + 12) & 0xff;
    StringBuilder s = new StringBuilder(type).append('.');
    if (profileSpace > 0) {
      s.append((char) ('A' + profileSpace - 1));
    }
    s.append(profileIdc).append('.').append(Long.toHexString(reversed).toUpperCase(Locale.ROOT));
    s.append('.').append(tier ? 'H' : 'L').append(level);
    int lastNonZero = -1;
    for (int i = 0; i < 6; i++) {
      if (moov.get(p + 6 + i) != 0) {
        lastNonZero = i;
      }
    }
    for (int i = 0; i <= lastNonZero; i++) {
      s.append('.').append(String.format(Locale.ROOT, "%02X", moov.get(p + 6 + i) & 0xff));
    }
    return s.toString();
  }

  private SampleEntry describeAudio(BoxHeader entry, int entryPos) throws PackagingException {
    String type = entry.type();
    // AudioSampleEntry (§12.2.3): 8 bytes of SampleEntry fields, 20 bytes of audio fields (more for
    // QuickTime sound description versions 1 and 2), then boxes.
    int fieldsPos = entryPos + entry.headerSizeBytes();
    need(entry, fieldsPos + 28);
    int soundVersion = moov.getShort(fieldsPos + 8) & 0xffff;
    int channels = moov.getShort(fieldsPos + 16) & 0xffff;
    int sampleRate = (int) (Integer.toUnsignedLong(moov.getInt(fieldsPos + 24)) >>> 16);
    int extra = soundVersion == 1 ? 16 : soundVersion == 2 ? 36 : 0;
    need(entry, fieldsPos + 28 + extra);
    BoxHeader entryAsContainer =
        new BoxHeader(
            type, entry.offsetBytes(), entry.sizeBytes(), entry.headerSizeBytes() + 28 + extra);
    String codecs;
    if (type.equals(MP4A)) {
      BoxHeader esds = required(entryAsContainer, "esds");
      if (esds.sizeBytes() > MAX_ESDS_BYTES) {
        throw UnsupportedMediaException.atBox(
            trackName,
            "esds",
            abs(esds),
            "esds of "
                + esds.sizeBytes()
                + " bytes; an MPEG-4 audio one is a few dozen, at most "
                + MAX_ESDS_BYTES
                + " are read");
      }
      int p = pos(esds.offsetBytes());
      ByteBuffer esdsBytes = moov.duplicate().position(p).limit(p + (int) esds.sizeBytes()).slice();
      int objectType;
      @Nullable Aac aac;
      // The descriptor tree goes through mp4parser, which reads only inside these bytes: the esds
      // box, whose size BoxHeader checked against its sample entry. Its getters compute too (a
      // reserved samplingFrequencyIndex is a NullPointerException), so every value is taken here.
      try (IsoFile iso = new IsoFile(new ByteBufferByteChannel(esdsBytes))) {
        @Nullable Box box = iso.getBoxes().isEmpty() ? null : iso.getBoxes().get(0);
        if (!(box instanceof ESDescriptorBox)) {
          throw MalformedMediaException.atBox(trackName, "esds", abs(esds), "not an ES descriptor");
        }
        ESDescriptor es = ((ESDescriptorBox) box).getEsDescriptor();
        @Nullable DecoderConfigDescriptor dcd = es == null ? null : es.getDecoderConfigDescriptor();
        if (dcd == null) {
          throw MalformedMediaException.atBox(
              trackName, "esds", abs(esds), "no DecoderConfigDescriptor");
        }
        objectType = dcd.getObjectTypeIndication();
        @Nullable AudioSpecificConfig asc = dcd.getAudioSpecificInfo();
        if (asc == null) {
          aac = null;
        } else {
          int aot = firstAudioObjectType(asc);
          // Only explicit SBR/PS signalling sets an extension index; asking without one throws.
          aac =
              new Aac(
                  aot,
                  asc.getChannelConfiguration(),
                  asc.getSamplingFrequency(),
                  aot == 5 || aot == 29 ? asc.getExtensionSamplingFrequency() : 0);
        }
      } catch (IOException | RuntimeException e) {
        // mp4parser signals bad descriptor bytes with unchecked exceptions of many types.
        throw MalformedMediaException.wrapping(trackName, "esds", abs(esds), e);
      }
      if (objectType == 0x40 || objectType == 0x66 || objectType == 0x67) {
        // RFC 6381 §3.3: mp4a.40.<audioObjectType> for MPEG-4 audio (ISO/IEC 14496-3).
        if (aac == null) {
          throw MalformedMediaException.atBox(
              trackName, "esds", abs(esds), "AAC without an AudioSpecificConfig");
        }
        int aot = aac.audioObjectType();
        codecs = "mp4a.40." + aot;
        if (aac.channelConfiguration() > 0 && aac.channelConfiguration() <= 6) {
          channels = aac.channelConfiguration();
        } else if (aac.channelConfiguration() == 7) {
          channels = 8;
        }
        if (aac.samplingFrequencyHz() > 0) {
          sampleRate = aac.samplingFrequencyHz();
        }
        // Explicit HE-AAC (SBR, AOT 5) and HE-AAC v2 (PS, AOT 29) signalling, ISO/IEC 14496-3
        // §1.6.5.2: the output runs at the extension sampling frequency; PS makes mono stereo.
        if ((aot == 5 || aot == 29) && aac.extensionSamplingFrequencyHz() > 0) {
          sampleRate = aac.extensionSamplingFrequencyHz();
        }
        if (aot == 29 && channels == 1) {
          channels = 2;
        }
      } else if (objectType == 0x69 || objectType == 0x6b) {
        codecs = String.format(Locale.ROOT, "mp4a.%02X", objectType);
      } else {
        throw UnsupportedMediaException.atBox(
            trackName,
            "esds",
            abs(esds),
            String.format(Locale.ROOT, "unknown objectTypeIndication 0x%02x", objectType));
      }
    } else if (type.equals(AC_3)) {
      // ETSI TS 102 366 Annex F.4: dac3 = fscod(2) bsid(5) bsmod(3) acmod(3) lfeon(1) ...
      BoxHeader dac3 = required(entryAsContainer, "dac3");
      int p = pos(dac3.payloadOffsetBytes());
      need(dac3, p + 3);
      int bits = ((moov.get(p) & 0xff) << 16) | ((moov.get(p + 1) & 0xff) << 8);
      int acmod = (bits >> 11) & 0x7;
      int lfeon = (bits >> 10) & 0x1;
      channels = ACMOD_CHANNELS[acmod] + lfeon;
      codecs = AC_3;
    } else if (type.equals(EC_3)) {
      // ETSI TS 102 366 Annex F.6: dec3 = data_rate(13) num_ind_sub(3), then per independent
      // substream fscod(2) bsid(5) reserved(1) asvc(1) bsmod(3) acmod(3) lfeon(1) reserved(3)
      // num_dep_sub(4) chan_loc(9)|reserved(1). The first independent substream is the main one.
      BoxHeader dec3 = required(entryAsContainer, "dec3");
      int p = pos(dec3.payloadOffsetBytes());
      need(dec3, p + 5);
      long bits =
          ((moov.get(p + 2) & 0xffL) << 24)
              | ((moov.get(p + 3) & 0xffL) << 16)
              | ((moov.get(p + 4) & 0xffL) << 8)
              | (dec3.sizeBytes() - dec3.headerSizeBytes() > 5 ? moov.get(p + 5) & 0xffL : 0);
      // bits 31-30 fscod, 29-25 bsid, 24 reserved, 23 asvc, 22-20 bsmod, 19-17 acmod, 16 lfeon,
      // 15-13 reserved, 12-9 num_dep_sub, 8-0 chan_loc.
      int acmod = (int) (bits >> 17) & 0x7;
      int lfeon = (int) (bits >> 16) & 0x1;
      int numDepSub = (int) (bits >> 9) & 0xf;
      channels = ACMOD_CHANNELS[acmod] + lfeon;
      if (numDepSub > 0) {
        int chanLoc = (int) bits & 0x1ff;
        for (int i = 0; i < 9; i++) {
          if ((chanLoc & (1 << (8 - i))) != 0) {
            channels += CHAN_LOC_CHANNELS[i];
          }
        }
      }
      codecs = EC_3;
    } else if (type.equals(OPUS)) {
      // Opus in ISOBMFF §4.3.2: dOps = Version(8) OutputChannelCount(8) PreSkip(16) ...; Opus
      // always decodes at 48 kHz (RFC 7845 §5.1).
      BoxHeader dops = required(entryAsContainer, "dOps");
      int p = pos(dops.payloadOffsetBytes());
      need(dops, p + 2);
      channels = moov.get(p + 1) & 0xff;
      sampleRate = 48_000;
      codecs = OPUS;
    } else {
      throw UnsupportedMediaException.atBox(
          trackName, type, abs(entry), "unknown audio sample entry (codec) '" + type + "'");
    }
    if (channels == 0 || sampleRate == 0) {
      throw MalformedMediaException.atBox(
          trackName, type, abs(entry), channels + " channels at " + sampleRate + " Hz");
    }
    return new SampleEntry(
        codecs,
        /* widthPixels= */ 0,
        /* heightPixels= */ 0,
        Rational.ONE,
        new AudioFormat(channels, sampleRate));
  }

  /**
   * What an AudioSpecificConfig (ISO/IEC 14496-3 §1.6.2.1) says, taken from mp4parser inside its
   * try block.
   *
   * @param audioObjectType the first audioObjectType (5 and 29 stay visible, see below)
   * @param channelConfiguration 0–15
   * @param samplingFrequencyHz the core sampling frequency
   * @param extensionSamplingFrequencyHz the SBR output frequency of explicit signalling, else 0
   */
  private record Aac(
      int audioObjectType,
      int channelConfiguration,
      int samplingFrequencyHz,
      int extensionSamplingFrequencyHz) {}

  /**
   * The first audioObjectType of the AudioSpecificConfig (5 bits; 31 escapes to 32 + 6 more bits,
   * ISO/IEC 14496-3 §1.6.2.1), before mp4parser replaces it by the core type of explicit SBR/PS
   * signalling: 5 and 29 stay visible.
   */
  private static int firstAudioObjectType(AudioSpecificConfig asc) {
    byte[] b = asc.getConfigBytes();
    if (b == null || b.length == 0) {
      return asc.getAudioObjectType();
    }
    int aot = (b[0] & 0xff) >> 3;
    if (aot == 31 && b.length >= 2) {
      aot = 32 + (((b[0] & 0x07) << 3) | ((b[1] & 0xff) >> 5));
    }
    return aot;
  }

  private long readTrackId(BoxHeader tkhd) throws MalformedMediaException {
    int p = pos(tkhd.payloadOffsetBytes());
    need(tkhd, p + 1);
    int version = moov.get(p) & 0xff;
    int idPos = p + (version == 1 ? 4 + 16 : 4 + 8);
    need(tkhd, idPos + 4);
    return Integer.toUnsignedLong(moov.getInt(idPos));
  }

  /** ISO/IEC 14496-12 §8.4.2.3: three 5-bit letters offset by 0x60 (ISO 639-2/T). */
  private static String unpackLanguage(int packed) {
    if (packed == 0 || packed == 0x7fff) {
      return "und";
    }
    char[] c = {
      (char) (((packed >> 10) & 0x1f) + 0x60),
      (char) (((packed >> 5) & 0x1f) + 0x60),
      (char) ((packed & 0x1f) + 0x60)
    };
    String s = new String(c);
    return s.chars().allMatch(ch -> ch >= 'a' && ch <= 'z') ? s : "und";
  }

  private BoxHeader header(int position, int limit) throws MalformedMediaException {
    return BoxHeader.parse(
        trackName,
        moov.duplicate().limit(limit),
        position,
        moovOffsetBytes + position,
        moovOffsetBytes + limit);
  }

  /**
   * The children of {@code parent} of {@code type}, in order. Steps from each child to its end,
   * which {@link BoxHeader#parse} guarantees lies at least 8 bytes on and inside the parent: never
   * backwards, never in place, never by a size truncated to an int.
   */
  private List<BoxHeader> children(BoxHeader parent, int skipBytes, String type)
      throws MalformedMediaException {
    List<BoxHeader> found = new ArrayList<>();
    int p = pos(parent.payloadOffsetBytes()) + skipBytes;
    int end = pos(parent.endBytes());
    while (end - p >= 8) {
      BoxHeader h = header(p, end);
      if (h.type().equals(type)) {
        found.add(h);
      }
      p = pos(h.endBytes());
    }
    return found;
  }

  private @Nullable BoxHeader child(BoxHeader parent, String type) throws MalformedMediaException {
    List<BoxHeader> all = children(parent, 0, type);
    return all.isEmpty() ? null : all.get(0);
  }

  private BoxHeader required(BoxHeader parent, String type) throws MalformedMediaException {
    BoxHeader h = child(parent, type);
    if (h == null) {
      throw MalformedMediaException.atBox(
          trackName, parent.type(), abs(parent), "no '" + type + "' box inside");
    }
    return h;
  }

  private void need(BoxHeader box, int endPosition) throws MalformedMediaException {
    if (endPosition > pos(box.endBytes())) {
      throw MalformedMediaException.atBox(
          trackName, box.type(), abs(box), "box too short for its fields");
    }
  }

  private int pos(long absoluteOffsetBytes) {
    return (int) (absoluteOffsetBytes - moovOffsetBytes);
  }

  private static long abs(BoxHeader h) {
    return h.offsetBytes();
  }
}
