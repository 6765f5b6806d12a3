package dev.prism.transcoder;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What {@code ffprobe -show_streams -show_format} says about a mezzanine, reduced to what the
 * ladder planner needs, plus the raw JSON for {@code audit.json}.
 *
 * @param formatName the demuxer's names, e.g. {@code mov,mp4,m4a,3gp,3g2,mj2}
 * @param durationUs the container duration in microseconds (0 when unknown)
 * @param video the first real video stream (cover art excluded)
 * @param audio every audio stream, in stream order
 * @param streams every stream of the input, in order
 * @param raw ffprobe's JSON output, unmodified
 */
public record MediaProbe(
    String formatName,
    long durationUs,
    VideoStream video,
    List<AudioStream> audio,
    List<StreamInfo> streams,
    JsonNode raw) {

  public MediaProbe {
    audio = List.copyOf(audio);
    streams = List.copyOf(streams);
  }

  /** Any stream: its absolute index, type ({@code video}, {@code audio}, ...) and codec name. */
  public record StreamInfo(int index, String type, String codec) {}

  /**
   * The video stream.
   *
   * @param index the absolute stream index in the input
   * @param codec ffprobe's codec name, e.g. {@code h264}
   * @param widthPx coded width in pixels (before rotation and SAR)
   * @param heightPx coded height in pixels
   * @param sampleAspect the sample (pixel) aspect ratio; 1:1 when unknown
   * @param frameRate the stream's frame rate (r_frame_rate, else avg_frame_rate)
   * @param rotationDegrees display rotation from the display matrix or the {@code rotate} tag,
   *     normalised to 0, 90, 180 or 270
   * @param durationUs the stream's duration in microseconds (the container's when the stream has
   *     none)
   * @param interlaced whether ffprobe's {@code field_order} says the frames are interlaced fields
   *     ({@code tt}, {@code bb}, {@code tb}, {@code bt}); the encode deinterlaces them
   */
  public record VideoStream(
      int index,
      String codec,
      int widthPx,
      int heightPx,
      Rational sampleAspect,
      Rational frameRate,
      int rotationDegrees,
      long durationUs,
      boolean interlaced) {

    /** True when the picture is displayed rotated by a quarter turn (width and height swap). */
    public boolean quarterTurn() {
      return rotationDegrees == 90 || rotationDegrees == 270;
    }

    /** Display width in square pixels: SAR applied, then rotation. */
    public double displayWidth() {
      double w = widthPx * sampleAspect.toDouble();
      return quarterTurn() ? heightPx : w;
    }

    /** Display height in square pixels: SAR applied, then rotation. */
    public double displayHeight() {
      double w = widthPx * sampleAspect.toDouble();
      return quarterTurn() ? w : heightPx;
    }

    /** Duration of one frame in microseconds. */
    public long frameDurationUs() {
      return Math.round(1_000_000.0 / frameRate.toDouble());
    }
  }

  /**
   * An audio stream.
   *
   * @param index the absolute stream index in the input
   * @param codec ffprobe's codec name, e.g. {@code aac}
   * @param channels the channel count
   * @param sampleRateHz the sample rate in Hz
   * @param language the stream's language tag as written in the file (usually ISO 639-2, e.g.
   *     {@code eng}); null when absent or {@code und}
   * @param durationUs the stream's duration in microseconds
   */
  public record AudioStream(
      int index,
      String codec,
      int channels,
      int sampleRateHz,
      @Nullable String language,
      long durationUs) {}

  /** A positive fraction, as ffprobe prints them ({@code 30000/1001}, {@code 1:1}). */
  public record Rational(long num, long den) {
    public static final Rational ONE = new Rational(1, 1);

    public Rational {
      if (num <= 0 || den <= 0) {
        throw new IllegalArgumentException("not a positive fraction: " + num + "/" + den);
      }
    }

    /** The fraction's value, {@code num / den}. */
    public double toDouble() {
      return (double) num / den;
    }

    @Override
    public String toString() {
      return num + "/" + den;
    }
  }
}
