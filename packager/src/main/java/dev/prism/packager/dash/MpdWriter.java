package dev.prism.packager.dash;

import dev.prism.packager.PackagingException;
import dev.prism.packager.cmaf.AudioFormat;
import dev.prism.packager.cmaf.Rational;
import dev.prism.packager.cmaf.Timescale;
import dev.prism.packager.cmaf.TrackType;
import dev.prism.packager.cmaf.VideoFormat;
import dev.prism.packager.naming.ResourceNaming;
import dev.prism.packager.presentation.Presentation;
import dev.prism.packager.presentation.PresentationTrack;
import dev.prism.packager.segment.SegmentPlan;
import dev.prism.packager.segment.Segmenter;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Writes the static MPD (ISO/IEC 23009-1; DASH-IF IOP; CMAF profile) served at {@code
 * /v1/{assetId}/dash/index.mpd}.
 *
 * <ul>
 *   <li>profiles {@code isoff-live:2011} and {@code cmaf:2019}; {@code type="static"}; {@code
 *       mediaPresentationDuration} = the longest track; {@code minBufferTime} = the longest
 *       segment, rounded up to whole seconds;
 *   <li>one AdaptationSet per switching set (content type, language, codec family; see {@link
 *       Presentation#switchingSets()}) with {@code segmentAlignment="true"}, {@code
 *       startWithSAP="1"}, {@code lang} and a {@code Role} ({@code main} for the first set of each
 *       content type, {@code alternate} after);
 *   <li>{@code SegmentTemplate} with {@code $Number$} (startNumber 1) and a {@code SegmentTimeline}
 *       in the track timescale, at AdaptationSet level when every Representation has the same
 *       timescale and timeline, else per Representation; {@code presentationTimeOffset} = the first
 *       segment's start when it is not 0;
 *   <li>Representations with {@code bandwidth} (peak segment bit rate, as HLS {@code BANDWIDTH}),
 *       {@code codecs}, {@code width}, {@code height}, {@code frameRate}, {@code sar}, {@code
 *       audioSamplingRate} and {@code AudioChannelConfiguration} (scheme {@code
 *       urn:mpeg:dash:23003:3:audio_channel_configuration:2011}, value = channel count).
 * </ul>
 *
 * Output is deterministic: fixed attribute order, no clock, {@code \n} line endings.
 */
public final class MpdWriter {
  static final String NAMESPACE = "urn:mpeg:dash:schema:mpd:2011";
  static final String PROFILES =
      "urn:mpeg:dash:profile:isoff-live:2011,urn:mpeg:dash:profile:cmaf:2019";
  static final String ROLE_SCHEME = "urn:mpeg:dash:role:2011";
  static final String CHANNEL_SCHEME = "urn:mpeg:dash:23003:3:audio_channel_configuration:2011";

  private MpdWriter() {}

  /**
   * Writes the MPD of {@code presentation} cut at {@code segMs}.
   *
   * @throws PackagingException MisalignedTracksException when a switching set is not aligned;
   *     MalformedMediaException when a video segment would not start with a sync sample
   */
  public static String write(Presentation presentation, long segMs) throws PackagingException {
    return write(presentation, presentation.plan(segMs), segMs);
  }

  /** Writes the MPD from plans already made by {@link Presentation#plan}. */
  public static String write(
      Presentation presentation, Map<String, SegmentPlan> plans, long segMs) {
    long durationUs = 0;
    long maxSegmentUs = 0;
    for (SegmentPlan p : plans.values()) {
      durationUs =
          Math.max(
              durationUs,
              p.timescale().rescale(p.durationTicks(), Timescale.MICROS, RoundingMode.CEILING));
      maxSegmentUs =
          Math.max(
              maxSegmentUs,
              p.timescale()
                  .rescale(p.maxSegmentDurationTicks(), Timescale.MICROS, RoundingMode.CEILING));
    }
    StringBuilder out = new StringBuilder(2048);
    out.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.append("<MPD xmlns=").append(q(NAMESPACE));
    out.append(" profiles=").append(q(PROFILES));
    out.append(" type=\"static\"");
    out.append(" mediaPresentationDuration=").append(q(duration(durationUs, 3)));
    out.append(" minBufferTime=")
        .append(q("PT" + ((maxSegmentUs + 999_999) / 1_000_000) + "S"))
        .append(">\n");
    out.append("  <Period id=\"0\" start=\"PT0S\">\n");
    int setId = 0;
    boolean[] seenMain = new boolean[TrackType.values().length];
    for (List<PresentationTrack> set : presentation.switchingSets()) {
      PresentationTrack head = set.get(0);
      TrackType type = head.type();
      String contentType = type.wireName();
      out.append("    <AdaptationSet id=\"").append(setId++).append('"');
      out.append(" contentType=").append(q(contentType));
      out.append(" mimeType=").append(q(contentType + "/mp4"));
      String lang = head.effectiveLanguage();
      if (lang != null) {
        out.append(" lang=").append(q(lang));
      }
      out.append(" segmentAlignment=\"true\" startWithSAP=\"1\"");
      if (type == TrackType.VIDEO) {
        int maxWidth = 0;
        int maxHeight = 0;
        @Nullable Rational maxFrameRate = null;
        for (PresentationTrack t : set) {
          VideoFormat v = Objects.requireNonNull(t.index().video());
          maxWidth = Math.max(maxWidth, v.widthPixels());
          maxHeight = Math.max(maxHeight, v.heightPixels());
          if (maxFrameRate == null
              || v.frameRate().numerator() * maxFrameRate.denominator()
                  > maxFrameRate.numerator() * v.frameRate().denominator()) {
            maxFrameRate = v.frameRate();
          }
        }
        out.append(" maxWidth=\"").append(maxWidth).append('"');
        out.append(" maxHeight=\"").append(maxHeight).append('"');
        out.append(" maxFrameRate=")
            .append(q(Objects.requireNonNull(maxFrameRate).toFrameRateString()));
      }
      out.append(">\n");
      boolean main = !seenMain[type.ordinal()];
      seenMain[type.ordinal()] = true;
      out.append("      <Role schemeIdUri=")
          .append(q(ROLE_SCHEME))
          .append(" value=")
          .append(q(main ? "main" : "alternate"))
          .append("/>\n");

      boolean shared = sharedTimeline(set, plans);
      if (shared) {
        segmentTemplate(
            out, "      ", presentation.version(), segMs, planOf(plans, head.trackId()));
      }
      for (PresentationTrack t : set) {
        SegmentPlan plan = planOf(plans, t.trackId());
        out.append("      <Representation id=").append(q(t.trackId()));
        out.append(" bandwidth=\"").append(plan.peakBitrateBps()).append('"');
        out.append(" codecs=").append(q(t.index().codecs()));
        VideoFormat v = t.index().video();
        AudioFormat a = t.index().audio();
        if (v != null) {
          out.append(" width=\"").append(v.widthPixels()).append('"');
          out.append(" height=\"").append(v.heightPixels()).append('"');
          out.append(" frameRate=").append(q(v.frameRate().toFrameRateString()));
          out.append(" sar=").append(q(v.sampleAspectRatio().toRatioString()));
        }
        if (a != null) {
          out.append(" audioSamplingRate=\"").append(a.sampleRateHz()).append('"');
        }
        if (a == null && shared) {
          out.append("/>\n");
          continue;
        }
        out.append(">\n");
        if (a != null) {
          out.append("        <AudioChannelConfiguration schemeIdUri=")
              .append(q(CHANNEL_SCHEME))
              .append(" value=\"")
              .append(a.channelCount())
              .append("\"/>\n");
        }
        if (!shared) {
          segmentTemplate(out, "        ", presentation.version(), segMs, plan);
        }
        out.append("      </Representation>\n");
      }
      out.append("    </AdaptationSet>\n");
    }
    out.append("  </Period>\n");
    out.append("</MPD>\n");
    return out.toString();
  }

  private static boolean sharedTimeline(
      List<PresentationTrack> set, Map<String, SegmentPlan> plans) {
    SegmentPlan first = planOf(plans, set.get(0).trackId());
    List<TimelineRun> runs = SegmentTimeline.toRuns(first);
    for (PresentationTrack t : set.subList(1, set.size())) {
      SegmentPlan p = planOf(plans, t.trackId());
      if (!p.timescale().equals(first.timescale()) || !SegmentTimeline.toRuns(p).equals(runs)) {
        return false;
      }
    }
    return true;
  }

  private static void segmentTemplate(
      StringBuilder out, String indent, String version, long segMs, SegmentPlan plan) {
    out.append(indent).append("<SegmentTemplate timescale=\"");
    out.append(plan.timescale().ticksPerSecond()).append('"');
    if (plan.startTicks() != 0) {
      out.append(" presentationTimeOffset=\"").append(plan.startTicks()).append('"');
    }
    out.append(" initialization=").append(q(ResourceNaming.mpdInitializationTemplate(version)));
    out.append(" media=").append(q(ResourceNaming.mpdMediaTemplate(version, segMs)));
    out.append(" startNumber=\"").append(Segmenter.FIRST_SEGMENT_NUMBER).append("\">\n");
    out.append(indent).append("  <SegmentTimeline>\n");
    long expected = Long.MIN_VALUE;
    for (TimelineRun r : SegmentTimeline.toRuns(plan)) {
      out.append(indent).append("    <S");
      if (r.startTicks() != expected) {
        out.append(" t=\"").append(r.startTicks()).append('"');
      }
      out.append(" d=\"").append(r.durationTicks()).append('"');
      if (r.repeat() > 0) {
        out.append(" r=\"").append(r.repeat()).append('"');
      }
      out.append("/>\n");
      expected = r.endTicks();
    }
    out.append(indent).append("  </SegmentTimeline>\n");
    out.append(indent).append("</SegmentTemplate>\n");
  }

  /** ISO 8601 duration ({@code xs:duration}) of {@code us} microseconds, e.g. {@code PT9.92S}. */
  static String duration(long us, int decimals) {
    BigDecimal seconds =
        BigDecimal.valueOf(us)
            .divide(BigDecimal.valueOf(1_000_000), decimals, RoundingMode.CEILING)
            .stripTrailingZeros();
    return "PT" + (seconds.scale() < 0 ? seconds.setScale(0) : seconds).toPlainString() + "S";
  }

  /** A double-quoted XML attribute value, escaped. */
  private static String q(@Nullable String value) {
    String v = Objects.toString(value, "");
    StringBuilder s = new StringBuilder(v.length() + 2).append('"');
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      switch (c) {
        case '&':
          s.append("&amp;");
          break;
        case '<':
          s.append("&lt;");
          break;
        case '>':
          s.append("&gt;");
          break;
        case '"':
          s.append("&quot;");
          break;
        default:
          s.append(c);
      }
    }
    return s.append('"').toString();
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
