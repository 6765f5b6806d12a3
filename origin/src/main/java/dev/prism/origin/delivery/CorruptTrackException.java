package dev.prism.origin.delivery;

import org.jspecify.annotations.Nullable;

/**
 * A stored track file could not be packaged: the packager's {@code PackagingException} (malformed
 * or unsupported media, misaligned tracks) with where it happened. The content is at fault, not the
 * viewer: answered 502, and logged once with the asset, track and byte offset. {@link
 * StoreDelivery} makes it in one helper; {@code HttpErrors} maps it.
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
   * @param version the asset version
   * @param trackId the track id, the track file's store key, or {@code -} when the fault is not one
   *     track's (misaligned tracks name two in the cause)
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

  /** The asset version holding the track file. */
  public String version() {
    return version;
  }

  /** The track id, the track file's store key, or {@code -} when the fault is not one track's. */
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
