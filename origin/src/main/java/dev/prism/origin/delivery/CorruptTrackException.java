package dev.prism.origin.delivery;

import org.jspecify.annotations.Nullable;

/**
 * A stored track file could not be read as CMAF. The content is at fault, not the viewer: answered
 * 502, and logged once with the asset, track and byte offset.
 *
 * @see dev.prism.origin.http.HttpErrors
 */
public final class CorruptTrackException extends RuntimeException {
  private final String assetId;
  private final String version;
  private final String trackId;
  private final long offsetBytes;

  /**
   * @param offsetBytes where in the track file the problem was found, -1 when unknown
   */
  public CorruptTrackException(
      String assetId, String version, String trackId, long offsetBytes, Throwable cause) {
    super(
        "corrupt track asset="
            + assetId
            + " version="
            + version
            + " track="
            + trackId
            + " offset="
            + offsetBytes
            + ": "
            + cause.getMessage(),
        cause);
    this.assetId = assetId;
    this.version = version;
    this.trackId = trackId;
    this.offsetBytes = offsetBytes;
  }

  public String assetId() {
    return assetId;
  }

  public String version() {
    return version;
  }

  public String trackId() {
    return trackId;
  }

  /** The byte offset in the track file, or -1 when unknown. */
  public long offsetBytes() {
    return offsetBytes;
  }

  @Override
  public @Nullable String getLocalizedMessage() {
    return getMessage();
  }
}
