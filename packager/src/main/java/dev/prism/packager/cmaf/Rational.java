package dev.prism.packager.cmaf;

import dev.prism.packager.Checks;

/** A positive fraction in lowest terms: frame rates (30000/1001) and sample aspect ratios (1:1). */
public record Rational(long numerator, long denominator) {
  public static final Rational ONE = new Rational(1, 1);

  public Rational {
    Checks.argument(numerator > 0, "numerator <= 0: %s", numerator);
    Checks.argument(denominator > 0, "denominator <= 0: %s", denominator);
    long gcd = gcd(numerator, denominator);
    numerator /= gcd;
    denominator /= gcd;
  }

  /**
   * DASH {@code @frameRate} form (ISO/IEC 23009-1 FrameRateType): {@code 24} or {@code 30000/1001}.
   */
  public String toFrameRateString() {
    return denominator == 1 ? Long.toString(numerator) : numerator + "/" + denominator;
  }

  /** DASH {@code @sar} form (RatioType): {@code 1:1}. */
  public String toRatioString() {
    return numerator + ":" + denominator;
  }

  private static long gcd(long a, long b) {
    while (b != 0) {
      long t = a % b;
      a = b;
      b = t;
    }
    return a;
  }
}
