package dev.prism.transcoder;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;

/**
 * The keyframe grid every video rendition shares (docs/ARCHITECTURE.md: closed GOPs on a fixed time
 * grid, one fragment per GOP, no scene-cut fragments).
 *
 * <p>The grid is counted in frames: a GOP is {@code round(grid x fps)} frames, so at 29.97 fps a 2
 * s grid is 60 frames = 2.002 s, and no GOP is ever a frame short. Keyframes are forced at the
 * first frame at or after {@code n x gopDuration - half a frame}, so floating-point timestamps can
 * never push a keyframe one frame late. {@code -min_frag_duration} is set half a frame under the
 * GOP, so an encoder-inserted IDR (OpenH264's scene detection cannot be switched off through
 * FFmpeg) never starts a fragment: only the forced grid keyframes do.
 *
 * @param gopFrames frames per GOP (and per fragment)
 * @param gopDurationUs the GOP duration in microseconds (gopFrames / fps)
 * @param frameDurationUs one frame in microseconds
 */
public record GopPlan(int gopFrames, long gopDurationUs, long frameDurationUs) {

  /** The grid for a frame rate and a target fragment duration in milliseconds. */
  public static GopPlan of(MediaProbe.Rational frameRate, int fragmentDurationMs) {
    if (fragmentDurationMs < 500 || fragmentDurationMs > 20_000) {
      throw new IllegalArgumentException(
          "fragment duration not in [500, 20000] ms: " + fragmentDurationMs);
    }
    double fps = frameRate.toDouble();
    int frames = (int) Math.max(1, Math.round(fragmentDurationMs / 1000.0 * fps));
    long gopUs = Math.round(frames * 1_000_000.0 * frameRate.den() / frameRate.num());
    long frameUs = Math.round(1_000_000.0 * frameRate.den() / frameRate.num());
    return new GopPlan(frames, gopUs, frameUs);
  }

  /** The {@code -force_key_frames} argument: {@code expr:gte(t,n_forced*G-h)}. */
  public String forceKeyFramesArg() {
    return "expr:gte(t,n_forced*"
        + seconds(gopDurationUs)
        + "-"
        + seconds(frameDurationUs / 2)
        + ")";
  }

  /** {@code -min_frag_duration} in microseconds: half a frame under the GOP. */
  public long minFragmentDurationUs() {
    return gopDurationUs - frameDurationUs / 2;
  }

  private static String seconds(long us) {
    return BigDecimal.valueOf(us)
        .divide(BigDecimal.valueOf(1_000_000), 6, RoundingMode.HALF_UP)
        .stripTrailingZeros()
        .toPlainString()
        .toLowerCase(Locale.ROOT);
  }
}
