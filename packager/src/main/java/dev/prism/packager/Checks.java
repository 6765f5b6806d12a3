package dev.prism.packager;

import java.util.Locale;

/** Argument checks with lazily formatted messages ({@link Locale#ROOT}). */
public final class Checks {
  private Checks() {}

  /**
   * @throws IllegalArgumentException with the formatted message when {@code condition} is false
   */
  public static void argument(boolean condition, String format, Object... args) {
    if (!condition) {
      throw new IllegalArgumentException(String.format(Locale.ROOT, format, args));
    }
  }
}
