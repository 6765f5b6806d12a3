package dev.prism.packager.cmaf;

import dev.prism.packager.Checks;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Ticks per second of a track's media timeline ({@code mdhd} timescale, ISO/IEC 14496-12 §8.4.2).
 */
public record Timescale(long ticksPerSecond) {
  public static final Timescale SECONDS = new Timescale(1);
  public static final Timescale MILLIS = new Timescale(1_000);
  public static final Timescale MICROS = new Timescale(1_000_000);

  public Timescale {
    Checks.argument(ticksPerSecond > 0, "ticksPerSecond <= 0: %s", ticksPerSecond);
  }

  /** Rescales {@code ticks} into {@code target}; overflow-safe, and rounding is never implicit. */
  public long rescale(long ticks, Timescale target, RoundingMode rounding) {
    if (target.ticksPerSecond == ticksPerSecond) {
      return ticks;
    }
    return BigDecimal.valueOf(ticks)
        .multiply(BigDecimal.valueOf(target.ticksPerSecond))
        .divide(BigDecimal.valueOf(ticksPerSecond), 0, rounding)
        .longValueExact();
  }

  /** {@code ticks} as seconds with {@code scale} decimals, rounded half-up. */
  public BigDecimal toSeconds(long ticks, int scale) {
    return BigDecimal.valueOf(ticks)
        .divide(BigDecimal.valueOf(ticksPerSecond), scale, RoundingMode.HALF_UP);
  }
}
