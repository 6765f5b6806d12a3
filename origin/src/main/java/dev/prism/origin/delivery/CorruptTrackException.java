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
   * @param assetId the asset
   * @param version the asset version, {@code -} when {@code asset.json} is at fault
   * @param trackId the track id, or the contract file's name ({@code ladder.json}, {@code
   *     asset.json})
   * @param offsetBytes where in the track file the problem was found, -1 when unknown
   * @param cause what the packager or the JSON reader reported
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

  /** The asset whose track file is corrupt. */
  public String assetId() {
    return assetId;
  }

  /** The asset version holding the track file; {@code -} when {@code asset.json} is at fault. */
  public String version() {
    return version;
  }

  /**
   * The track id, or the contract file's name ({@code ladder.json}, {@code asset.json}) when that
   * is at fault.
   */
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
