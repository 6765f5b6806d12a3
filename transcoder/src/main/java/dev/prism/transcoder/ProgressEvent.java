package dev.prism.transcoder;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Where a transcode is, for a terminal progress bar or a job API.
 *
 * @param stage the step running now
 * @param percent 0 to 100: the share of the input's duration encoded (100 after encoding)
 * @param processedUs media time encoded so far, microseconds
 * @param totalUs the input's duration, microseconds
 * @param speed encode speed as a multiple of real time (FFmpeg's {@code speed=}), 0 when unknown
 * @param eta the estimated time left for the encode, null when unknown
 * @param message a short human description of the step
 */
public record ProgressEvent(
    Stage stage,
    double percent,
    long processedUs,
    long totalUs,
    double speed,
    @Nullable Duration eta,
    String message) {

  /** The steps of a transcode, in order. */
  public enum Stage {
    PROBING,
    ENCODING,
    VALIDATING,
    UPLOADING,
    PUBLISHED,
    UNCHANGED
  }

  /** An event of a step that has no measurable progress of its own. */
  public static ProgressEvent of(Stage stage, double percent, long totalUs, String message) {
    return new ProgressEvent(stage, percent, 0, totalUs, 0, null, message);
  }
}
