package dev.prism.packager.cmaf;

import dev.prism.packager.Checks;

/** A contiguous run of bytes of a track file: {@code [offsetBytes, offsetBytes + lengthBytes)}. */
public record ByteRange(long offsetBytes, long lengthBytes) {

  public ByteRange {
    Checks.argument(offsetBytes >= 0, "offsetBytes < 0: %s", offsetBytes);
    Checks.argument(lengthBytes > 0, "lengthBytes <= 0: %s", lengthBytes);
  }

  /** The offset just past the last byte. */
  public long endBytes() {
    return offsetBytes + lengthBytes;
  }

  /** True when {@code next} starts exactly where this range ends. */
  public boolean isFollowedBy(ByteRange next) {
    return endBytes() == next.offsetBytes;
  }

  /** This range extended by the adjacent {@code next}. */
  public ByteRange join(ByteRange next) {
    Checks.argument(isFollowedBy(next), "%s is not followed by %s", this, next);
    return new ByteRange(offsetBytes, lengthBytes + next.lengthBytes);
  }
}
