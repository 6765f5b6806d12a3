package dev.prism.transcoder;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.prism.transcoder.LadderPlan.AudioRendition;
import dev.prism.transcoder.LadderPlan.VideoRendition;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The configured encoding ladder ({@code conf/ladder.yaml}) and the planning rules of
 * docs/ARCHITECTURE.md, Decisions: never upscale, the source height becomes the top rung when no
 * rung is within {@code sourceRungTolerance} of it, at least {@code minVideoRenditions} video
 * renditions, aspect ratio kept with even dimensions; one AAC-LC stereo track per source audio
 * stream.
 *
 * @param rungs the configured rungs, any order (planned tallest first)
 * @param videoEncoder {@code auto} (libx264 when the natives have it, else libopenh264), {@code
 *     libopenh264} or {@code libx264}
 * @param sourceRungTolerance a rung within this fraction of the source height counts as the
 *     source's own rung (0.10 = 10%)
 * @param minVideoRenditions the fewest video renditions a plan has (2)
 * @param audioBitrateBps the AAC-LC bit rate per audio track, bits per second
 * @param audioChannels the channel count of every audio track (2: stereo down-mix)
 * @param audioSampleRateHz the sample rate of every audio track, Hz
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public record EncodingLadder(
    @JsonProperty("rungs") List<RenditionSpec> rungs,
    @JsonProperty("videoEncoder") String videoEncoder,
    @JsonProperty("sourceRungTolerance") double sourceRungTolerance,
    @JsonProperty("minVideoRenditions") int minVideoRenditions,
    @JsonProperty("audioBitrateBps") long audioBitrateBps,
    @JsonProperty("audioChannels") int audioChannels,
    @JsonProperty("audioSampleRateHz") int audioSampleRateHz) {

  private static final ObjectMapper YAML =
      new ObjectMapper(new YAMLFactory())
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

  /** The encoders {@link #videoEncoder} may name. */
  public static final List<String> ENCODERS = List.of("auto", "libopenh264", "libx264");

  public EncodingLadder {
    if (rungs == null || rungs.isEmpty()) {
      throw new IllegalArgumentException("ladder has no rungs");
    }
    rungs =
        rungs.stream().sorted(Comparator.comparingInt(RenditionSpec::heightPx).reversed()).toList();
    for (int i = 1; i < rungs.size(); i++) {
      if (rungs.get(i).heightPx() == rungs.get(i - 1).heightPx()) {
        throw new IllegalArgumentException("two rungs of height " + rungs.get(i).heightPx());
      }
    }
    if (videoEncoder == null || !ENCODERS.contains(videoEncoder)) {
      throw new IllegalArgumentException(
          "videoEncoder must be one of " + ENCODERS + ": " + videoEncoder);
    }
    if (sourceRungTolerance < 0 || sourceRungTolerance >= 1) {
      throw new IllegalArgumentException(
          "sourceRungTolerance not in [0, 1): " + sourceRungTolerance);
    }
    if (minVideoRenditions < 1) {
      throw new IllegalArgumentException("minVideoRenditions < 1: " + minVideoRenditions);
    }
    if (audioBitrateBps < 16_000 || audioChannels < 1 || audioSampleRateHz < 8_000) {
      throw new IllegalArgumentException("audio settings out of range");
    }
  }

  /** The default ladder; {@code conf/ladder.yaml} holds the same values. */
  public static EncodingLadder defaults() {
    return new EncodingLadder(
        List.of(
            new RenditionSpec(1080, 6_000_000),
            new RenditionSpec(720, 3_500_000),
            new RenditionSpec(540, 2_000_000),
            new RenditionSpec(360, 900_000),
            new RenditionSpec(240, 400_000)),
        "auto",
        /* sourceRungTolerance= */ 0.10,
        /* minVideoRenditions= */ 2,
        /* audioBitrateBps= */ 128_000,
        /* audioChannels= */ 2,
        /* audioSampleRateHz= */ 48_000);
  }

  /**
   * Reads a ladder file (YAML, the layout of {@code conf/ladder.yaml}).
   *
   * @throws TranscodeException {@link TranscodeException.Reason#BAD_LADDER} naming the file and the
   *     problem
   */
  public static EncodingLadder load(Path file) throws TranscodeException {
    try {
      return YAML.readValue(file.toFile(), EncodingLadder.class);
    } catch (IOException | IllegalArgumentException e) {
      throw new TranscodeException(
          TranscodeException.Reason.BAD_LADDER,
          file + ": " + String.valueOf(e.getMessage()).lines().findFirst().orElse(""),
          e);
    }
  }

  /**
   * Plans the renditions of one input.
   *
   * @param probe the probed input
   * @param fragmentDurationMs the fragment (GOP) grid, milliseconds (docs/ARCHITECTURE.md: default
   *     2000)
   * @param availableH264Encoders what the FFmpeg build offers ({@link FfmpegTools#h264Encoders()})
   * @throws TranscodeException {@link TranscodeException.Reason#BAD_LADDER} when the named encoder
   *     is not in this FFmpeg build
   */
  public LadderPlan plan(
      MediaProbe probe, int fragmentDurationMs, List<String> availableH264Encoders)
      throws TranscodeException {
    String encoder = chooseEncoder(availableH264Encoders);
    MediaProbe.VideoStream v = probe.video();
    double aspect = v.displayWidth() / v.displayHeight();
    int sourceHeight = evenDown((int) Math.round(v.displayHeight()));

    List<RenditionSpec> kept = new ArrayList<>();
    for (RenditionSpec r : rungs) {
      if (r.heightPx() <= sourceHeight) {
        kept.add(r);
      }
    }
    boolean sourceHasRung = false;
    for (RenditionSpec r : kept) {
      if (r.heightPx() >= sourceHeight * (1 - sourceRungTolerance)) {
        sourceHasRung = true;
      }
    }
    // The tallest configured rung is the ladder's ceiling: a source taller than every rung keeps
    // the configured top (its cap was chosen for that height).
    boolean tallerThanLadder = sourceHeight > rungs.get(0).heightPx();
    if (!sourceHasRung && !tallerThanLadder) {
      RenditionSpec above = null;
      for (RenditionSpec r : rungs) {
        if (r.heightPx() > sourceHeight) {
          above = r;
        }
      }
      long capBps = scaledCap(above == null ? rungs.get(0) : above, sourceHeight);
      if (!kept.isEmpty()) {
        capBps = Math.max(capBps, kept.get(0).maxBitrateBps());
      }
      kept.add(0, new RenditionSpec(sourceHeight, capBps));
    }
    while (kept.size() < minVideoRenditions) {
      RenditionSpec lowest = kept.get(kept.size() - 1);
      int h = evenDown((int) Math.round(lowest.heightPx() * 2.0 / 3.0));
      if (h < 16) {
        break;
      }
      kept.add(new RenditionSpec(h, Math.max(10_000, scaledCap(lowest, h))));
    }

    List<VideoRendition> video = new ArrayList<>();
    for (RenditionSpec r : kept) {
      int w = Math.max(2, evenRound(r.heightPx() * aspect));
      video.add(new VideoRendition("v" + r.heightPx(), w, r.heightPx(), r.maxBitrateBps()));
    }

    List<AudioRendition> audio = new ArrayList<>();
    for (MediaProbe.AudioStream a : probe.audio()) {
      int n = audio.size();
      String language = bcp47(a.language());
      String label =
          language == null
              ? "Audio " + (n + 1)
              : Locale.forLanguageTag(language).getDisplayLanguage(Locale.ENGLISH);
      audio.add(
          new AudioRendition(
              "a" + n,
              a.index(),
              language,
              a.language(),
              label.isEmpty() ? "Audio " + (n + 1) : label,
              audioBitrateBps,
              audioChannels,
              audioSampleRateHz));
    }
    return new LadderPlan(
        video, audio, encoder, GopPlan.of(v.frameRate(), fragmentDurationMs), v.interlaced());
  }

  private String chooseEncoder(List<String> available) throws TranscodeException {
    if (videoEncoder.equals("auto")) {
      if (available.isEmpty()) {
        throw new TranscodeException(
            TranscodeException.Reason.BAD_LADDER,
            "this FFmpeg build has no software H.264 encoder (libx264 or libopenh264)");
      }
      return available.get(0);
    }
    if (!available.contains(videoEncoder)) {
      throw new TranscodeException(
          TranscodeException.Reason.BAD_LADDER,
          "videoEncoder "
              + videoEncoder
              + " is not in this FFmpeg build (it has "
              + available
              + (videoEncoder.equals("libx264") ? "; build with -Pgpl for libx264)" : ")"));
    }
    return videoEncoder;
  }

  /** A cap scaled by picture area from a reference rung to {@code heightPx}. */
  private static long scaledCap(RenditionSpec reference, int heightPx) {
    double ratio = (double) heightPx / reference.heightPx();
    return Math.round(reference.maxBitrateBps() * ratio * ratio / 1000.0) * 1000;
  }

  private static int evenDown(int px) {
    return px - (px % 2);
  }

  private static int evenRound(double px) {
    return (int) Math.round(px / 2.0) * 2;
  }

  private static final Map<String, String> ISO3_TO_BCP47 = iso3ToBcp47();

  private static Map<String, String> iso3ToBcp47() {
    Map<String, String> map = new HashMap<>();
    for (String two : Locale.getISOLanguages()) {
      try {
        map.put(new Locale(two).getISO3Language(), two);
      } catch (java.util.MissingResourceException e) {
        // no 3-letter code for this language; skip it
      }
    }
    // ISO 639-2/B codes that differ from the /T codes Java knows.
    Map<String, String> bibliographic =
        Map.ofEntries(
            Map.entry("fre", "fr"),
            Map.entry("ger", "de"),
            Map.entry("dut", "nl"),
            Map.entry("chi", "zh"),
            Map.entry("cze", "cs"),
            Map.entry("gre", "el"),
            Map.entry("per", "fa"),
            Map.entry("rum", "ro"),
            Map.entry("slo", "sk"),
            Map.entry("ice", "is"),
            Map.entry("mac", "mk"),
            Map.entry("may", "ms"),
            Map.entry("alb", "sq"),
            Map.entry("arm", "hy"),
            Map.entry("baq", "eu"),
            Map.entry("bur", "my"),
            Map.entry("geo", "ka"),
            Map.entry("wel", "cy"),
            Map.entry("tib", "bo"),
            Map.entry("mao", "mi"));
    map.putAll(bibliographic);
    return Map.copyOf(map);
  }

  /**
   * The BCP 47 tag of a language as tagged in a media file (ISO 639-2/T or /B, or already BCP 47);
   * null when unknown.
   */
  static @Nullable String bcp47(@Nullable String tagged) {
    if (tagged == null || tagged.isBlank()) {
      return null;
    }
    String t = tagged.trim().toLowerCase(Locale.ROOT);
    if (t.equals("und") || t.equals("mis") || t.equals("zxx") || t.equals("mul")) {
      return null;
    }
    String two = ISO3_TO_BCP47.get(t);
    if (two != null) {
      return two;
    }
    Locale locale = Locale.forLanguageTag(tagged.trim());
    return locale.getLanguage().isEmpty() ? null : locale.toLanguageTag();
  }
}
