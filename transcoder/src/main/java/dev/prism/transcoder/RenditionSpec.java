package dev.prism.transcoder;

/**
 * One rung of the configured encoding ladder ({@code conf/ladder.yaml}): a picture height and the
 * bit rate cap of the rendition encoded at that height.
 *
 * @param heightPx the picture height in pixels (even); the width follows the source's display
 *     aspect ratio
 * @param maxBitrateBps the cap of the quality-targeted rate control, in bits per second
 */
public record RenditionSpec(int heightPx, long maxBitrateBps) {
  public RenditionSpec {
    if (heightPx < 16 || heightPx % 2 != 0) {
      throw new IllegalArgumentException("rung height must be even and >= 16: " + heightPx);
    }
    if (maxBitrateBps < 10_000) {
      throw new IllegalArgumentException("rung maxBitrateBps < 10000: " + maxBitrateBps);
    }
  }
}
