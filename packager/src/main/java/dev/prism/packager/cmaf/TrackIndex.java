package dev.prism.packager.cmaf;

import dev.prism.packager.Checks;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Everything the packager needs to know about one CMAF track file, derived from its boxes (never
 * from JSON): what it carries, and where every fragment lies and when it plays. Immutable; built by
 * {@link TrackIndexReader}, cheap to keep in a cache (a few bytes per fragment).
 *
 * @param trackName the name the caller gave the reader (e.g. the store key); used in errors
 * @param trackType from {@code hdlr}
 * @param timescale {@code mdhd} timescale; every {@code *Ticks} value of this track is in it
 * @param language {@code mdhd} language, ISO 639-2/T ({@code "und"} when unset)
 * @param sampleEntryType the sample entry 4CC: {@code avc1}, {@code avc3}, {@code hvc1}, {@code
 *     hev1}, {@code mp4a}, {@code ac-3}, {@code ec-3}, {@code Opus}
 * @param codecs the RFC 6381 codecs parameter, e.g. {@code avc1.64001f}, {@code mp4a.40.2}
 * @param video picture properties; non-null exactly when {@code trackType} is VIDEO
 * @param audio sound properties; non-null exactly when {@code trackType} is AUDIO
 * @param initSegmentRanges the bytes of {@code ftyp} and {@code moov} (CMAF header, ISO/IEC
 *     23000-19 §7.3.1), without {@code sidx} or {@code free}; adjacent boxes are merged, so this is
 *     usually one range
 * @param fragments every fragment in file order, with increasing decode times; never empty
 * @param fileSizeBytes the size of the track file the index was read from
 */
public record TrackIndex(
    String trackName,
    TrackType trackType,
    Timescale timescale,
    String language,
    String sampleEntryType,
    String codecs,
    @Nullable VideoFormat video,
    @Nullable AudioFormat audio,
    List<ByteRange> initSegmentRanges,
    List<FragmentRef> fragments,
    long fileSizeBytes) {

  public TrackIndex {
    initSegmentRanges = List.copyOf(initSegmentRanges);
    fragments = List.copyOf(fragments);
    Checks.argument(!initSegmentRanges.isEmpty(), "%s: no init segment ranges", trackName);
    Checks.argument(!fragments.isEmpty(), "%s: no fragments", trackName);
    Checks.argument(
        (trackType == TrackType.VIDEO) == (video != null),
        "%s: video format must be present exactly for video tracks",
        trackName);
    Checks.argument(
        (trackType == TrackType.AUDIO) == (audio != null),
        "%s: audio format must be present exactly for audio tracks",
        trackName);
  }

  /** Decode time of the first fragment ({@code tfdt}), in the track timescale. */
  public long firstDecodeTimeTicks() {
    return fragments.get(0).baseMediaDecodeTimeTicks();
  }

  /** From the first fragment's start to the last fragment's end, in the track timescale. */
  public long durationTicks() {
    return fragments.get(fragments.size() - 1).endTicks() - firstDecodeTimeTicks();
  }

  /** Size of the init segment ({@code ftyp}+{@code moov}). */
  public long initSegmentSizeBytes() {
    long size = 0;
    for (ByteRange r : initSegmentRanges) {
      size += r.lengthBytes();
    }
    return size;
  }
}
