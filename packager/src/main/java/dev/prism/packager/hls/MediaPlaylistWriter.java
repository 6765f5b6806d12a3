package dev.prism.packager.hls;

import dev.prism.packager.PackagingException;
import dev.prism.packager.cmaf.Timescale;
import dev.prism.packager.naming.ResourceNaming;
import dev.prism.packager.presentation.Presentation;
import dev.prism.packager.presentation.PresentationTrack;
import dev.prism.packager.segment.MediaSegment;
import dev.prism.packager.segment.SegmentPlan;
import dev.prism.packager.segment.Segmenter;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Writes the HLS media playlist of one track (RFC 8216 §4.3.3), served at {@code
 * /v1/{assetId}/{version}/hls/{segMs}/{trackId}.m3u8}: VOD, fMP4 segments with {@code EXT-X-MAP},
 * exact {@code EXTINF} durations, URIs relative to the playlist (see {@link ResourceNaming}).
 *
 * <p>{@code EXT-X-MEDIA-SEQUENCE} is 1, so media sequence numbers equal segment numbers (and the
 * DASH {@code $Number$}).
 */
public final class MediaPlaylistWriter {
  /** Decimals of {@code EXTINF}: microseconds, exact enough to sum back to the tick. */
  static final int EXTINF_DECIMALS = 6;

  private MediaPlaylistWriter() {}

  /**
   * Writes the media playlist of track {@code trackId} of {@code presentation} cut at {@code
   * segMs}.
   *
   * @throws PackagingException MissingResourceException for an unknown track;
   *     MalformedMediaException when a video segment would not start with a sync sample
   */
  public static String write(Presentation presentation, String trackId, long segMs)
      throws PackagingException {
    PresentationTrack track = presentation.track(trackId);
    return write(trackId, Segmenter.plan(track.index(), segMs));
  }

  /**
   * Writes the media playlist of {@code plan}, the plan of track {@code trackId} (for callers that
   * already hold plans, e.g. from {@link Presentation#plan(long)}).
   *
   * @param trackId the track id used in the segment and init URIs
   * @param plan the track's segments; its {@code segMs} names the segment URLs
   * @throws IllegalArgumentException when {@code trackId} or {@code plan.segMs()} cannot appear in
   *     a URL ({@link ResourceNaming})
   */
  public static String write(String trackId, SegmentPlan plan) {
    Timescale timescale = plan.timescale();
    StringBuilder out = new StringBuilder(64 + plan.segments().size() * 48);
    line(out, HlsTags.EXTM3U);
    line(out, HlsTags.EXT_X_VERSION + ":" + HlsTags.VERSION);
    line(out, HlsTags.EXT_X_TARGETDURATION + ":" + targetDurationSeconds(plan));
    line(out, HlsTags.EXT_X_MEDIA_SEQUENCE + ":" + Segmenter.FIRST_SEGMENT_NUMBER);
    line(out, HlsTags.EXT_X_PLAYLIST_TYPE + ":VOD");
    // Every segment starts with a sync sample (Segmenter refuses otherwise; audio is all sync).
    line(out, HlsTags.EXT_X_INDEPENDENT_SEGMENTS);
    line(out, HlsTags.EXT_X_MAP + ":URI=" + HlsTags.quoted(ResourceNaming.initSegmentUri(trackId)));
    // The URI is formatted (and its parts validated) once; only the number changes per line.
    String uriPrefix = ResourceNaming.mediaSegmentUriPrefix(trackId, plan.segMs());
    long previousDuration = -1;
    String previousExtinf = "";
    for (MediaSegment s : plan.segments()) {
      if (s.durationTicks() != previousDuration) {
        previousDuration = s.durationTicks();
        previousExtinf = extinf(previousDuration, timescale);
      }
      line(out, previousExtinf);
      out.append(uriPrefix).append(s.number()).append(ResourceNaming.MEDIA_SEGMENT_EXTENSION);
      out.append('\n');
    }
    line(out, HlsTags.EXT_X_ENDLIST);
    return out.toString();
  }

  // RFC 8216 §4.3.3.1: every EXTINF, rounded to the nearest integer, must be <= the target
  // duration (rfc8216bis keeps the rule); half-up is the conservative reading of "nearest".
  static long targetDurationSeconds(SegmentPlan plan) {
    long max = 0;
    for (MediaSegment s : plan.segments()) {
      max =
          Math.max(
              max,
              plan.timescale().rescale(s.durationTicks(), Timescale.SECONDS, RoundingMode.HALF_UP));
    }
    return Math.max(1, max);
  }

  // RFC 8216 §4.3.2.1: decimal-floating-point seconds (version >= 3).
  static String extinf(long durationTicks, Timescale timescale) {
    BigDecimal seconds = timescale.toSeconds(durationTicks, EXTINF_DECIMALS).stripTrailingZeros();
    String text =
        seconds.scale() < 0 ? seconds.setScale(0).toPlainString() : seconds.toPlainString();
    return HlsTags.EXTINF + ":" + text + ",";
  }

  private static void line(StringBuilder out, String line) {
    out.append(line).append('\n');
  }
}
