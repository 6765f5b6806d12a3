package dev.prism.packager.cmaf;

import dev.prism.packager.MalformedMediaException;
import dev.prism.packager.PackagingException;
import dev.prism.packager.UnsupportedMediaException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Reads a CMAF track file (ISO/IEC 23000-19 §7.3: {@code ftyp}, {@code moov}, optionally {@code
 * sidx}, then {@code moof}+{@code mdat} fragments, a trailing {@code mfra} tolerated) into a {@link
 * TrackIndex}, through ranged reads only.
 *
 * <p>With a {@code sidx} before the first fragment (ISO/IEC 14496-12 §8.16.3) this costs one read
 * of the file's head ({@value #HEAD_READ_BYTES} bytes, more only when ftyp+moov+sidx is larger)
 * plus, when the first {@code moof} lies past the head, one small read of it (its {@code tfdt}
 * anchors the timeline and its sample count gives the frame rate). Without a {@code sidx} it scans
 * the top-level boxes after the header: each {@code moof} is read whole, each {@code mdat} only by
 * its header, through a 16 KiB window, so about one read per fragment.
 *
 * <p>Everything is derived from the boxes; nothing is trusted from JSON. The reader is stateless
 * and thread-safe; the {@link RangeReader} is used from the calling thread only.
 */
public final class TrackIndexReader {
  /** Bytes read from the start of the file in the first request. */
  public static final int HEAD_READ_BYTES = 64 * 1024;

  /**
   * The most fragments a scanned track file may have: about 9.7 hours of one-frame fragments at 60
   * fps, some 100 MB of index. A sidx holds at most 65535 references, so this bounds only the scan,
   * where the fragment count is the file's to choose.
   */
  static final int MAX_FRAGMENTS = 1 << 21;

  /** Top-level boxes that may precede a moof inside a fragment (CMAF §7.3.2.2, §7.4.5). */
  private static final Set<String> FRAGMENT_PREFIX_BOXES = Set.of("styp", "emsg", "prft", "sidx");

  /** Top-level boxes that may follow the last fragment or sit between fragments, ignored. */
  private static final Set<String> IGNORED_BOXES = Set.of("mfra", "free", "skip", "udta", "meta");

  private TrackIndexReader() {}

  /**
   * Indexes one track file.
   *
   * @param trackName how errors name the file (e.g. its store key {@code bbb/v1/video-480.cmfv})
   * @param reader ranged reads of the file
   * @param fileSizeBytes the file's size, known to the caller (a store's metadata)
   * @return the immutable index
   * @throws MalformedMediaException for a truncated file, boxes overrunning the file, a moov
   *     without a track, a sidx that does not add up, a fragment without tfdt; names the track and
   *     the byte offset
   * @throws UnsupportedMediaException for an unknown codec, several tracks in one file, a
   *     hierarchical sidx, a text track
   * @throws IOException when a read fails
   */
  public static TrackIndex read(String trackName, RangeReader reader, long fileSizeBytes)
      throws PackagingException, IOException {
    if (fileSizeBytes < 8) {
      throw MalformedMediaException.atBox(
          trackName, "ftyp", 0, "file of " + fileSizeBytes + " bytes holds no box");
    }
    FileBytes file = new FileBytes(trackName, reader, fileSizeBytes);
    file.ensureHead(Math.min(fileSizeBytes, HEAD_READ_BYTES), HEAD_READ_BYTES);

    // 1. The header: top-level boxes up to the first fragment.
    List<ByteRange> init = new ArrayList<>();
    @Nullable BoxHeader moov = null;
    @Nullable BoxHeader sidx = null;
    long offset = 0;
    long firstFragmentOffset = -1;
    while (offset < fileSizeBytes) {
      file.ensureHead(
          Math.min(fileSizeBytes, offset + BoxHeader.MAX_HEADER_BYTES), HEAD_READ_BYTES);
      ByteBuffer head = file.head();
      BoxHeader box =
          BoxHeader.parse(
              trackName,
              head.duplicate().limit((int) Math.min(head.limit(), offset + 16)),
              (int) offset,
              offset,
              fileSizeBytes);
      String type = box.type();
      if (type.equals("moof")
          || type.equals("styp")
          || type.equals("emsg")
          || type.equals("prft")) {
        firstFragmentOffset = offset;
        break;
      }
      if (type.equals("mdat")) {
        throw UnsupportedMediaException.atBox(
            trackName, "mdat", offset, "'mdat' before any 'moof': not a fragmented (CMAF) file");
      }
      if (type.equals("ftyp") || type.equals("moov")) {
        addMerged(init, new ByteRange(offset, box.sizeBytes()));
      }
      if (type.equals("moov")) {
        moov = box;
        file.ensureHead(box.endBytes(), HEAD_READ_BYTES);
      } else if (type.equals("sidx") && sidx == null) {
        sidx = box;
        file.ensureHead(box.endBytes(), HEAD_READ_BYTES);
      }
      offset = box.endBytes();
    }
    if (moov == null) {
      throw MalformedMediaException.atBox(
          trackName,
          "moov",
          Math.max(0, firstFragmentOffset),
          "no 'moov' before the first fragment");
    }
    if (firstFragmentOffset < 0) {
      throw MalformedMediaException.atBox(
          trackName, "moof", fileSizeBytes, "no fragment ('moof') in the file");
    }
    MoovParser.TrackDescription track =
        MoovParser.parse(trackName, boxInHead(file, moov), moov.offsetBytes());

    // 2. The fragments: from the sidx, or by scanning.
    List<FragmentRef> fragments = new ArrayList<>();
    MoofParser.MoofTiming first;
    if (sidx != null) {
      first = fragmentsFromSidx(trackName, file, track, sidx, fragments);
    } else {
      first = scanFragments(trackName, file, track, firstFragmentOffset, fragments);
    }

    @Nullable VideoFormat video = null;
    @Nullable AudioFormat audio = null;
    if (track.trackType() == TrackType.VIDEO) {
      // Frame rate from the first fragment: samples per tick, exact (60 frames in 60060 ticks of
      // 30000 = 30000/1001).
      long ticksPerSecond = track.timescale().ticksPerSecond();
      if (first.sampleCount() > Long.MAX_VALUE / ticksPerSecond) {
        throw MalformedMediaException.atBox(
            trackName,
            "moof",
            fragments.get(0).offsetBytes(),
            first.sampleCount() + " samples: the frame rate overflows");
      }
      Rational frameRate =
          new Rational(first.sampleCount() * ticksPerSecond, first.durationTicks());
      video =
          new VideoFormat(
              track.widthPixels(), track.heightPixels(), track.sampleAspectRatio(), frameRate);
    } else {
      audio = track.audio();
    }
    return new TrackIndex(
        trackName,
        track.trackType(),
        track.timescale(),
        track.language(),
        track.sampleEntryType(),
        track.codecs(),
        video,
        audio,
        init,
        fragments,
        fileSizeBytes);
  }

  /** The bytes of {@code box}, which lies within the file's head, at position 0 of their own. */
  private static ByteBuffer boxInHead(FileBytes file, BoxHeader box) {
    return file.head().position((int) box.offsetBytes()).limit((int) box.endBytes()).slice();
  }

  /** ISO/IEC 14496-12 §8.16.3, one level of references to media (no hierarchical sidx). */
  private static MoofParser.MoofTiming fragmentsFromSidx(
      String trackName,
      FileBytes file,
      MoovParser.TrackDescription track,
      BoxHeader sidxHeader,
      List<FragmentRef> out)
      throws PackagingException, IOException {
    SidxParser.Sidx sidx = SidxParser.parse(trackName, boxInHead(file, sidxHeader), sidxHeader);
    List<SidxParser.Reference> entries = sidx.references();
    long sidxOffset = sidxHeader.offsetBytes();
    long sidxTimescale = sidx.timescale();
    long timescale = track.timescale().ticksPerSecond();
    // The first byte after the sidx is the anchor of first_offset (§8.16.3.3). Both terms are below
    // 2^63 and the file is smaller, so compare before adding: nothing here can wrap.
    long fileSize = file.fileSizeBytes();
    if (sidx.firstOffsetBytes() > fileSize - sidxHeader.endBytes()) {
      throw MalformedMediaException.atBox(
          trackName,
          "sidx",
          sidxOffset,
          "first_offset "
              + sidx.firstOffsetBytes()
              + " points past the end of the file at "
              + fileSize
              + " (sidx does not add up)");
    }
    long fragmentOffset = sidxHeader.endBytes() + sidx.firstOffsetBytes();
    long referencedEnd = fragmentOffset;
    for (SidxParser.Reference e : entries) {
      // At most 65535 sizes below 2^31 each, added to an offset below the file size: no wrap.
      referencedEnd += e.sizeBytes();
    }
    if (referencedEnd > fileSize) {
      throw MalformedMediaException.atBox(
          trackName,
          "sidx",
          sidxOffset,
          "references bytes up to offset "
              + referencedEnd
              + " but the file ends at "
              + fileSize
              + " (sidx does not add up, or the file is truncated)");
    }
    if (referencedEnd < file.fileSizeBytes()) {
      BoxHeader after;
      try {
        after = file.headerAt(referencedEnd);
      } catch (MalformedMediaException e) {
        throw MalformedMediaException.atBox(
            trackName,
            "sidx",
            sidxOffset,
            "references end at offset "
                + referencedEnd
                + ", where no valid box starts (sidx does not add up): "
                + e.getMessage());
      }
      if (!IGNORED_BOXES.contains(after.type())) {
        throw MalformedMediaException.atBox(
            trackName,
            "sidx",
            sidxOffset,
            "references end at offset "
                + referencedEnd
                + " but a '"
                + after.type()
                + "' box follows there (sidx does not add up)");
      }
    }

    // The first fragment: its tfdt anchors decode times, its samples give the frame rate.
    long firstOffset = fragmentOffset;
    BoxHeader firstBox;
    try {
      firstBox = file.headerAt(firstOffset);
      while (FRAGMENT_PREFIX_BOXES.contains(firstBox.type())) {
        firstBox = file.headerAt(firstBox.endBytes());
      }
    } catch (MalformedMediaException e) {
      throw MalformedMediaException.atBox(
          trackName,
          "sidx",
          sidxOffset,
          "first reference at offset "
              + firstOffset
              + " is not a fragment (sidx does not add up): "
              + e.getMessage());
    }
    if (!firstBox.type().equals("moof")) {
      throw MalformedMediaException.atBox(
          trackName,
          "sidx",
          sidxOffset,
          "first reference points at offset "
              + firstOffset
              + " where a '"
              + firstBox.type()
              + "' box lies, not a fragment (sidx does not add up)");
    }
    MoofParser.MoofTiming first = readMoof(trackName, file, track, firstBox);
    long firstReferenced = entries.get(0).sizeBytes();
    BoxHeader mdat = file.headerAt(firstBox.endBytes());
    boolean singleFragment =
        mdat.type().equals("mdat") && mdat.endBytes() == firstOffset + firstReferenced;

    // sidx durations are presentation-time differences (§8.16.3.3). After the first fragment they
    // equal decode durations (CMAF: constant composition offset at fragment starts), but the first
    // one loses what the edit list hides (AAC priming: 1024 ticks). So the first fragment's decode
    // duration comes from its trun, and decode times run on from its tfdt.
    long decodeTime = first.baseMediaDecodeTimeTicks();
    long offset = fragmentOffset;
    for (int i = 0; i < entries.size(); i++) {
      SidxParser.Reference e = entries.get(i);
      long duration =
          i == 0 && singleFragment
              ? first.durationTicks()
              : rescaleExact(trackName, sidxOffset, e.durationTicks(), sidxTimescale, timescale);
      long size = e.sizeBytes();
      // ffmpeg writes SAP_type 0 (unknown) with starts_with_SAP 1; types 1-3 are sync starts.
      boolean sync = e.startsWithSap() && e.sapType() <= 3;
      if (i == 0) {
        sync = sync || first.startsWithSyncSample();
      }
      checkEndTicks(trackName, "sidx", sidxOffset, decodeTime, duration);
      out.add(new FragmentRef(offset, size, decodeTime, duration, sync));
      offset += size;
      decodeTime += duration;
    }
    return first;
  }

  /**
   * {@code ticks} (below 2^32) of {@code fromTimescale} in {@code toTimescale} (both positive,
   * below 2^32), exactly.
   */
  private static long rescaleExact(
      String trackName, long sidxOffset, long ticks, long fromTimescale, long toTimescale)
      throws PackagingException {
    if (fromTimescale == toTimescale) {
      return ticks;
    }
    if (ticks > Long.MAX_VALUE / toTimescale) {
      throw MalformedMediaException.atBox(
          trackName,
          "sidx",
          sidxOffset,
          "subsegment_duration " + ticks + " overflows in the mdhd timescale " + toTimescale);
    }
    long scaled = ticks * toTimescale;
    if (scaled % fromTimescale != 0) {
      throw UnsupportedMediaException.atBox(
          trackName,
          "sidx",
          sidxOffset,
          "sidx timescale "
              + fromTimescale
              + " does not divide into mdhd timescale "
              + toTimescale);
    }
    return scaled / fromTimescale;
  }

  /** Walks top-level boxes from the first fragment to the end of the file. */
  private static MoofParser.MoofTiming scanFragments(
      String trackName,
      FileBytes file,
      MoovParser.TrackDescription track,
      long firstFragmentOffset,
      List<FragmentRef> out)
      throws PackagingException, IOException {
    MoofParser.@Nullable MoofTiming first = null;
    long offset = firstFragmentOffset;
    long fragmentStart = -1;
    MoofParser.@Nullable MoofTiming pending = null;
    long pendingMoofOffset = -1;
    while (offset < file.fileSizeBytes()) {
      BoxHeader box = file.headerAt(offset);
      String type = box.type();
      if (type.equals("moof")) {
        if (pending != null) {
          throw MalformedMediaException.atBox(
              trackName, "moof", offset, "two 'moof' boxes without an 'mdat' between them");
        }
        if (out.size() == MAX_FRAGMENTS) {
          throw UnsupportedMediaException.atBox(
              trackName, "moof", offset, "more than " + MAX_FRAGMENTS + " fragments");
        }
        if (fragmentStart < 0) {
          fragmentStart = offset;
        }
        pending = readMoof(trackName, file, track, box);
        pendingMoofOffset = offset;
        if (first == null) {
          first = pending;
        }
      } else if (type.equals("mdat")) {
        if (pending == null) {
          throw MalformedMediaException.atBox(trackName, "mdat", offset, "'mdat' without a 'moof'");
        }
        FragmentRef previous = out.isEmpty() ? null : out.get(out.size() - 1);
        if (previous != null
            && pending.baseMediaDecodeTimeTicks() < previous.baseMediaDecodeTimeTicks()) {
          throw MalformedMediaException.atBox(
              trackName, "moof", pendingMoofOffset, "tfdt goes backwards");
        }
        checkEndTicks(
            trackName,
            "moof",
            pendingMoofOffset,
            pending.baseMediaDecodeTimeTicks(),
            pending.durationTicks());
        out.add(
            new FragmentRef(
                fragmentStart,
                box.endBytes() - fragmentStart,
                pending.baseMediaDecodeTimeTicks(),
                pending.durationTicks(),
                pending.startsWithSyncSample()));
        pending = null;
        fragmentStart = -1;
      } else if (FRAGMENT_PREFIX_BOXES.contains(type)) {
        if (fragmentStart < 0) {
          fragmentStart = offset;
        }
      } else if (!IGNORED_BOXES.contains(type)) {
        throw UnsupportedMediaException.atBox(
            trackName, type, offset, "unexpected top-level box among fragments");
      }
      offset = box.endBytes();
    }
    if (pending != null) {
      throw MalformedMediaException.atBox(
          trackName, "moof", pendingMoofOffset, "last 'moof' has no 'mdat' (truncated file?)");
    }
    if (first == null || out.isEmpty()) {
      throw MalformedMediaException.atBox(
          trackName, "moof", firstFragmentOffset, "no complete fragment");
    }
    return first;
  }

  private static MoofParser.MoofTiming readMoof(
      String trackName, FileBytes file, MoovParser.TrackDescription track, BoxHeader moof)
      throws PackagingException, IOException {
    if (moof.sizeBytes() > FileBytes.MAX_HEAD_BYTES) {
      throw UnsupportedMediaException.atBox(
          trackName, "moof", moof.offsetBytes(), "moof larger than " + FileBytes.MAX_HEAD_BYTES);
    }
    ByteBuffer bytes = file.readExactly(moof.offsetBytes(), (int) moof.sizeBytes());
    return MoofParser.parse(
        trackName,
        bytes,
        moof.offsetBytes(),
        file.fileSizeBytes() - moof.endBytes(),
        track.trexDefaultSampleDurationTicks(),
        track.trexDefaultSampleFlags());
  }

  /**
   * Fails unless a fragment that starts at {@code decodeTicks} and lasts {@code durationTicks}
   * (both non-negative) ends before 2^63 ticks, so every later sum of decode times is exact.
   */
  private static void checkEndTicks(
      String trackName, String fourcc, long offsetBytes, long decodeTicks, long durationTicks)
      throws MalformedMediaException {
    if (decodeTicks > Long.MAX_VALUE - durationTicks) {
      throw MalformedMediaException.atBox(
          trackName, fourcc, offsetBytes, "decode times overflow 2^63 ticks");
    }
  }

  private static void addMerged(List<ByteRange> ranges, ByteRange next) {
    if (!ranges.isEmpty() && ranges.get(ranges.size() - 1).isFollowedBy(next)) {
      ranges.set(ranges.size() - 1, ranges.get(ranges.size() - 1).join(next));
    } else {
      ranges.add(next);
    }
  }
}
