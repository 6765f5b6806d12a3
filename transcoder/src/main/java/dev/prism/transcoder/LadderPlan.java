package dev.prism.transcoder;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The renditions one input is encoded into: what {@link EncodingLadder#plan} decided.
 *
 * @param video the video renditions, tallest first (at least two unless the source is tiny)
 * @param audio one AAC-LC track per source audio stream, in stream order
 * @param videoEncoder the FFmpeg H.264 encoder ({@code libopenh264} or {@code libx264})
 * @param gop the keyframe and fragment grid
 * @param deinterlace whether the source is interlaced and is deinterlaced before scaling
 */
public record LadderPlan(
    List<VideoRendition> video,
    List<AudioRendition> audio,
    String videoEncoder,
    GopPlan gop,
    boolean deinterlace) {

  public LadderPlan {
    video = List.copyOf(video);
    audio = List.copyOf(audio);
  }

  /**
   * One video rendition.
   *
   * @param trackId the track id, e.g. {@code v720}; the file is {@code {trackId}.cmfv}
   * @param widthPx output width in square pixels (even)
   * @param heightPx output height (even)
   * @param maxBitrateBps the rate-control cap, bits per second
   */
  public record VideoRendition(String trackId, int widthPx, int heightPx, long maxBitrateBps) {
    /** The track file's name in the version folder: {@code {trackId}.cmfv}. */
    public String fileName() {
      return trackId + ".cmfv";
    }

    /** A human label: the height, e.g. {@code 720p}. */
    public String label() {
      return heightPx + "p";
    }
  }

  /**
   * One audio rendition.
   *
   * @param trackId the track id, e.g. {@code a0}; the file is {@code {trackId}.cmfa}
   * @param sourceStreamIndex the absolute index of the source audio stream
   * @param language BCP 47 language tag, null when the source does not say
   * @param sourceLanguageTag the language as tagged in the source (ISO 639-2), null when absent
   * @param label a human label, e.g. {@code English}
   * @param bitrateBps the AAC bit rate, bits per second
   * @param channels output channels (2 = stereo down-mix)
   * @param sampleRateHz output sample rate, Hz
   */
  public record AudioRendition(
      String trackId,
      int sourceStreamIndex,
      @Nullable String language,
      @Nullable String sourceLanguageTag,
      String label,
      long bitrateBps,
      int channels,
      int sampleRateHz) {
    /** The track file's name in the version folder: {@code {trackId}.cmfa}. */
    public String fileName() {
      return trackId + ".cmfa";
    }
  }
}
