package dev.prism.transcoder;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.prism.transcoder.MediaProbe.AudioStream;
import dev.prism.transcoder.MediaProbe.Rational;
import dev.prism.transcoder.MediaProbe.StreamInfo;
import dev.prism.transcoder.MediaProbe.VideoStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** Runs the bundled ffprobe on a local file and reads its JSON into a {@link MediaProbe}. */
public final class MediaProber {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final FfmpegTools tools;

  public MediaProber(FfmpegTools tools) {
    this.tools = tools;
  }

  /**
   * Probes {@code input}.
   *
   * @throws TranscodeException {@link TranscodeException.Reason#INPUT_UNREADABLE} when the file is
   *     missing, {@link TranscodeException.Reason#NOT_MEDIA} when FFmpeg cannot demux it, {@link
   *     TranscodeException.Reason#NO_VIDEO} when it has no video stream
   */
  public MediaProbe probe(Path input) throws TranscodeException {
    if (!Files.isRegularFile(input) || !Files.isReadable(input)) {
      throw new TranscodeException(
          TranscodeException.Reason.INPUT_UNREADABLE, input + " is not a readable file");
    }
    List<String> command =
        new java.util.ArrayList<>(
            List.of(
                tools.ffprobe().toString(),
                "-v",
                "error",
                "-print_format",
                "json",
                "-show_streams",
                "-show_format"));
    command.addAll(EncodeCommand.inputArgs(input));
    FfmpegTools.ProcessResult result = FfmpegTools.run(command);
    if (result.exitCode() != 0) {
      String why = result.stderr().strip();
      throw new TranscodeException(
          TranscodeException.Reason.NOT_MEDIA,
          input.getFileName()
              + " is not a media file FFmpeg can read"
              + (why.isEmpty() ? "" : " (" + lastLine(why) + ")"));
    }
    JsonNode root;
    try {
      root = JSON.readTree(result.stdout());
    } catch (JsonProcessingException e) {
      throw new TranscodeException(
          TranscodeException.Reason.NOT_MEDIA, "ffprobe printed no JSON for " + input, e);
    }
    return parse(root, input.getFileName().toString());
  }

  /**
   * Reads ffprobe's JSON ({@code -show_streams -show_format}).
   *
   * @param name names the input in messages
   * @throws TranscodeException {@link TranscodeException.Reason#NOT_MEDIA} when there are no
   *     streams, {@link TranscodeException.Reason#NO_VIDEO} when no stream is real video
   */
  static MediaProbe parse(JsonNode root, String name) throws TranscodeException {
    JsonNode format = root.path("format");
    JsonNode streamsNode = root.path("streams");
    if (!streamsNode.isArray() || streamsNode.isEmpty()) {
      throw new TranscodeException(
          TranscodeException.Reason.NOT_MEDIA, name + " is not a media file: it has no streams");
    }
    long formatDurationUs = micros(format.path("duration").asText(""));
    List<StreamInfo> streams = new ArrayList<>();
    List<AudioStream> audio = new ArrayList<>();
    VideoStream video = null;
    for (JsonNode s : streamsNode) {
      int index = s.path("index").asInt();
      String type = s.path("codec_type").asText("unknown");
      String codec = s.path("codec_name").asText("unknown");
      streams.add(new StreamInfo(index, type, codec));
      long durationUs = streamDurationUs(s, formatDurationUs);
      if (type.equals("video") && video == null && !isCoverArt(s) && s.path("width").asInt() > 0) {
        Rational rate = rational(s.path("r_frame_rate").asText(""), "/");
        if (rate == null || rate.toDouble() > 240) {
          rate = rational(s.path("avg_frame_rate").asText(""), "/");
        }
        if (rate == null) {
          throw new TranscodeException(
              TranscodeException.Reason.NOT_MEDIA, name + ": video stream has no frame rate");
        }
        Rational sar = rational(s.path("sample_aspect_ratio").asText(""), ":");
        video =
            new VideoStream(
                index,
                codec,
                s.path("width").asInt(),
                s.path("height").asInt(),
                sar == null ? Rational.ONE : sar,
                rate,
                rotation(s),
                durationUs,
                List.of("tt", "bb", "tb", "bt").contains(s.path("field_order").asText("")));
      } else if (type.equals("audio")) {
        String language = s.path("tags").path("language").asText("");
        audio.add(
            new AudioStream(
                index,
                codec,
                s.path("channels").asInt(2),
                s.path("sample_rate").asInt(48_000),
                language.isEmpty() || language.equalsIgnoreCase("und") ? null : language,
                durationUs));
      }
    }
    if (video == null) {
      throw new TranscodeException(
          TranscodeException.Reason.NO_VIDEO,
          name
              + " has no video stream (streams: "
              + streams.stream().map(st -> st.type() + "/" + st.codec()).toList()
              + ")");
    }
    return new MediaProbe(
        format.path("format_name").asText("unknown"),
        formatDurationUs > 0 ? formatDurationUs : video.durationUs(),
        video,
        audio,
        streams,
        root);
  }

  private static boolean isCoverArt(JsonNode stream) {
    return stream.path("disposition").path("attached_pic").asInt(0) == 1;
  }

  /** Display rotation: the display matrix's (counter-clockwise) rotation, else the rotate tag. */
  private static int rotation(JsonNode stream) {
    double degrees = 0;
    for (JsonNode sd : stream.path("side_data_list")) {
      if (sd.has("rotation")) {
        degrees = sd.path("rotation").asDouble();
      }
    }
    if (degrees == 0) {
      degrees = stream.path("tags").path("rotate").asDouble(0);
    }
    int quarter = (int) Math.round(degrees / 90.0);
    return Math.floorMod(quarter * 90, 360);
  }

  private static long streamDurationUs(JsonNode stream, long fallbackUs) {
    long us = micros(stream.path("duration").asText(""));
    if (us > 0) {
      return us;
    }
    // Matroska keeps per-stream durations in a tag, as HH:MM:SS.fraction.
    String tag = stream.path("tags").path("DURATION").asText("");
    if (tag.matches("\\d+:\\d{2}:\\d{2}(\\.\\d+)?")) {
      String[] p = tag.split(":");
      BigDecimal seconds =
          new BigDecimal(p[2])
              .add(BigDecimal.valueOf(Long.parseLong(p[1]) * 60 + Long.parseLong(p[0]) * 3600));
      return seconds.movePointRight(6).longValue();
    }
    return fallbackUs;
  }

  private static long micros(String seconds) {
    if (seconds.isEmpty() || seconds.equals("N/A")) {
      return 0;
    }
    try {
      return new BigDecimal(seconds).movePointRight(6).longValue();
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static @Nullable Rational rational(String text, String separator) {
    String[] parts = text.split(separator);
    if (parts.length != 2) {
      return null;
    }
    try {
      long num = Long.parseLong(parts[0].trim());
      long den = Long.parseLong(parts[1].trim());
      return num > 0 && den > 0 ? new Rational(num, den) : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static String lastLine(String text) {
    List<String> lines = text.lines().toList();
    return lines.get(lines.size() - 1).toLowerCase(Locale.ROOT).contains("invalid data")
        ? "Invalid data found when processing input"
        : lines.get(lines.size() - 1);
  }
}
