package dev.prism.packager;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** Argument checks with lazily formatted messages ({@link Locale#ROOT}). */
public final class Checks {
  private Checks() {}

  /**
   * Arguments may be null: the message shows the offending value as it came ("null").
   *
   * @throws IllegalArgumentException with the formatted message when {@code condition} is false
   */
  public static void argument(boolean condition, String format, @Nullable Object... args) {
    if (!condition) {
      throw new IllegalArgumentException(String.format(Locale.ROOT, format, args));
    }
  }
}
