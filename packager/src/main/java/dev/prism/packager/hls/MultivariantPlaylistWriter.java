package dev.prism.packager.hls;

import dev.prism.packager.PackagingException;
import dev.prism.packager.cmaf.AudioFormat;
import dev.prism.packager.cmaf.TrackType;
import dev.prism.packager.cmaf.VideoFormat;
import dev.prism.packager.naming.ResourceNaming;
import dev.prism.packager.presentation.Presentation;
import dev.prism.packager.presentation.PresentationTrack;
import dev.prism.packager.segment.SegmentPlan;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Writes the HLS multivariant playlist (RFC 8216 §4.3.4, rfc8216bis §4.4.6) served at {@code
 * /v1/{assetId}/hls/index.m3u8}.
 *
 * <ul>
 *   <li>Audio tracks become {@code EXT-X-MEDIA TYPE=AUDIO} renditions, one rendition group per
 *       audio switching set codec family ({@code GROUP-ID="audio-mp4a"}), the first of each group
 *       {@code DEFAULT=YES}, all {@code AUTOSELECT=YES}.
 *   <li>Each video track becomes one {@code EXT-X-STREAM-INF} per audio group, in ladder order,
 *       with {@code BANDWIDTH} = peak segment bit rate of the video plus the group's highest audio
 *       peak (§4.3.4.2), {@code AVERAGE-BANDWIDTH} likewise with averages, {@code CODECS} of video
 *       and audio, {@code RESOLUTION}, {@code FRAME-RATE} (3 decimals) and {@code AUDIO}.
 *   <li>Without video, each audio track is a variant stream of its own.
 * </ul>
 *
 * URIs are relative to the playlist (see {@link ResourceNaming}).
 */
public final class MultivariantPlaylistWriter {
  private MultivariantPlaylistWriter() {}

  /**
   * Writes the multivariant playlist of {@code presentation}, its media playlists cut at {@code
   * segMs}.
   *
   * @throws PackagingException MisalignedTracksException when video renditions do not share segment
   *     boundaries; MalformedMediaException when a video segment would not start with a sync sample
   */
  public static String write(Presentation presentation, long segMs) throws PackagingException {
    return write(presentation, presentation.plan(segMs), segMs);
  }

  /** Writes the multivariant playlist from plans already made by {@link Presentation#plan}. */
  public static String write(
      Presentation presentation, Map<String, SegmentPlan> plans, long segMs) {
    StringBuilder out = new StringBuilder(1024);
    line(out, HlsTags.EXTM3U);
    line(out, HlsTags.EXT_X_VERSION + ":" + HlsTags.VERSION);
    line(out, HlsTags.EXT_X_INDEPENDENT_SEGMENTS);

    List<PresentationTrack> videos = presentation.tracksOf(TrackType.VIDEO);
    // Without video, each audio track is a variant of its own and no rendition group is needed.
    List<AudioGroup> groups = videos.isEmpty() ? List.of() : audioGroups(presentation);
    for (AudioGroup g : groups) {
      out.append('\n');
      Set<String> names = new HashSet<>();
      boolean first = true;
      for (PresentationTrack t : g.tracks) {
        AudioFormat audio = Objects.requireNonNull(t.index().audio());
        String language = t.effectiveLanguage();
        String name = t.label() != null ? t.label() : language != null ? language : t.trackId();
        if (!names.add(name)) {
          name = name + " (" + t.trackId() + ")";
          names.add(name);
        }
        StringBuilder media = new StringBuilder(HlsTags.EXT_X_MEDIA).append(":TYPE=AUDIO");
        media.append(",GROUP-ID=").append(HlsTags.quoted(g.groupId));
        if (language != null) {
          media.append(",LANGUAGE=").append(HlsTags.quoted(language));
        }
        media.append(",NAME=").append(HlsTags.quoted(name));
        media.append(",DEFAULT=").append(first ? "YES" : "NO");
        media.append(",AUTOSELECT=YES");
        media.append(",CHANNELS=").append(HlsTags.quoted(Integer.toString(audio.channelCount())));
        media
            .append(",URI=")
            .append(
                HlsTags.quoted(
                    ResourceNaming.mediaPlaylistUri(presentation.version(), segMs, t.trackId())));
        line(out, media.toString());
        first = false;
      }
    }

    if (videos.isEmpty()) {
      for (PresentationTrack a : presentation.tracksOf(TrackType.AUDIO)) {
        SegmentPlan plan = planOf(plans, a.trackId());
        out.append('\n');
        line(
            out,
            streamInf(
                plan.peakBitrateBps(), plan.averageBitrateBps(), a.index().codecs(), null, null));
        line(out, ResourceNaming.mediaPlaylistUri(presentation.version(), segMs, a.trackId()));
      }
      return out.toString();
    }
    for (PresentationTrack v : videos) {
      SegmentPlan videoPlan = planOf(plans, v.trackId());
      List<@Nullable AudioGroup> variants = new ArrayList<>(groups);
      if (variants.isEmpty()) {
        variants.add(null);
      }
      for (AudioGroup g : variants) {
        long peak = videoPlan.peakBitrateBps();
        long average = videoPlan.averageBitrateBps();
        Set<String> codecs = new LinkedHashSet<>();
        codecs.add(v.index().codecs());
        if (g != null) {
          long audioPeak = 0;
          long audioAverage = 0;
          for (PresentationTrack a : g.tracks) {
            SegmentPlan ap = planOf(plans, a.trackId());
            audioPeak = Math.max(audioPeak, ap.peakBitrateBps());
            audioAverage = Math.max(audioAverage, ap.averageBitrateBps());
            codecs.add(a.index().codecs());
          }
          peak += audioPeak;
          average += audioAverage;
        }
        out.append('\n');
        line(
            out,
            streamInf(
                peak,
                average,
                String.join(",", codecs),
                Objects.requireNonNull(v.index().video()),
                g == null ? null : g.groupId));
        line(out, ResourceNaming.mediaPlaylistUri(presentation.version(), segMs, v.trackId()));
      }
    }
    return out.toString();
  }

  private static String streamInf(
      long bandwidthBps,
      long averageBandwidthBps,
      String codecs,
      @Nullable VideoFormat video,
      @Nullable String audioGroupId) {
    StringBuilder s = new StringBuilder(HlsTags.EXT_X_STREAM_INF).append(':');
    s.append("BANDWIDTH=").append(bandwidthBps);
    s.append(",AVERAGE-BANDWIDTH=").append(averageBandwidthBps);
    s.append(",CODECS=").append(HlsTags.quoted(codecs));
    if (video != null) {
      s.append(",RESOLUTION=").append(video.widthPixels()).append('x').append(video.heightPixels());
      // RFC 8216 §4.3.4.2: FRAME-RATE is decimal-floating-point, "rounded to 3 decimal places".
      BigDecimal fps =
          BigDecimal.valueOf(video.frameRate().numerator())
              .divide(BigDecimal.valueOf(video.frameRate().denominator()), 3, RoundingMode.HALF_UP);
      s.append(",FRAME-RATE=").append(fps.toPlainString());
    }
    if (audioGroupId != null) {
      s.append(",AUDIO=").append(HlsTags.quoted(audioGroupId));
    }
    return s.toString();
  }

  /** One rendition group per audio codec family, in ladder order. */
  private static List<AudioGroup> audioGroups(Presentation presentation) {
    List<AudioGroup> groups = new ArrayList<>();
    for (PresentationTrack a : presentation.tracksOf(TrackType.AUDIO)) {
      String codecs = a.index().codecs();
      int dot = codecs.indexOf('.');
      String groupId = "audio-" + (dot < 0 ? codecs : codecs.substring(0, dot));
      @Nullable AudioGroup group = null;
      for (AudioGroup g : groups) {
        if (g.groupId.equals(groupId)) {
          group = g;
        }
      }
      if (group == null) {
        group = new AudioGroup(groupId);
        groups.add(group);
      }
      group.tracks.add(a);
    }
    return groups;
  }

  private static final class AudioGroup {
    final String groupId;
    final List<PresentationTrack> tracks = new ArrayList<>();

    AudioGroup(String groupId) {
      this.groupId = groupId;
    }
  }

  private static void line(StringBuilder out, String line) {
    out.append(line).append('\n');
  }

  /** The plan of a track of the presentation; {@link Presentation#plan} makes one for each. */
  private static SegmentPlan planOf(Map<String, SegmentPlan> plans, String trackId) {
    SegmentPlan plan = plans.get(trackId);
    if (plan == null) {
      throw new IllegalArgumentException("no segment plan for track " + trackId);
    }
    return plan;
  }
}
