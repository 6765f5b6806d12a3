package dev.prism.origin.config;

import dev.prism.transcoder.EncodingLadder;
import dev.prism.transcoder.TranscodeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * {@code prism transcode}'s settings ({@code transcoder.*}), also used by {@code prism demo}.
 *
 * @param ladder the encoding ladder file ({@code conf/ladder.yaml}); absolute
 * @param fragmentDuration the GOP and fragment grid, e.g. 2 s
 * @param workDir where track files are written before upload; absolute
 */
public record TranscoderConfig(Path ladder, Duration fragmentDuration, Path workDir) {

  /** {@link #fragmentDuration()} in whole milliseconds, as the transcoder takes it. */
  public int fragmentDurationMs() {
    return Math.toIntExact(fragmentDuration.toMillis());
  }

  /**
   * The ladder of {@link #ladder()}, or the built-in default when that file does not exist (the
   * runnable jar carries no {@code conf/} folder).
   *
   * @throws TranscodeException when the file exists but is not a valid ladder
   */
  public EncodingLadder loadLadder() throws TranscodeException {
    return Files.isRegularFile(ladder) ? EncodingLadder.load(ladder) : EncodingLadder.defaults();
  }
}
