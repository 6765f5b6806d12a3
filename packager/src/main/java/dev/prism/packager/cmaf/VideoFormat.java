package dev.prism.packager.cmaf;

import dev.prism.packager.Checks;

/**
 * Picture properties of a video track.
 *
 * @param widthPixels coded width from the visual sample entry (ISO/IEC 14496-12 §12.1.3)
 * @param heightPixels coded height from the visual sample entry
 * @param sampleAspectRatio from the {@code pasp} box, 1:1 when absent
 * @param frameRate frames per second, from the first fragment's sample count and duration (so
 *     30000/1001 stays exact)
 */
public record VideoFormat(
    int widthPixels, int heightPixels, Rational sampleAspectRatio, Rational frameRate) {

  public VideoFormat {
    Checks.argument(widthPixels > 0, "widthPixels <= 0: %s", widthPixels);
    Checks.argument(heightPixels > 0, "heightPixels <= 0: %s", heightPixels);
  }
}
