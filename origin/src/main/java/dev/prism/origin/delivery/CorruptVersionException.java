package dev.prism.origin.delivery;

import org.jspecify.annotations.Nullable;

/**
 * A version known to be corrupt: loading it failed with a {@link CorruptTrackException} or the
 * catalog's {@code CorruptDocumentException} (its ladder), and {@link StoreDelivery} remembers that
 * verdict for {@code cache.corruptVerdictTtl} instead of reading and parsing the store again on
 * every request. Answered 502 ({@code HttpErrors}); only the request that reached the verdict logs
 * it ({@link #firstReport()}), every other answer from the same verdict is silent, so a corrupt
 * version costs one log line per period, not one per request.
 */
public final class CorruptVersionException extends RuntimeException {
  private final String assetId;
  private final String version;
  private final boolean firstReport;

  /**
   * @param assetId the asset
   * @param version the asset version found corrupt
   * @param cause the fault as first found: a {@link CorruptTrackException} (asset, version, track,
   *     offset) or a {@code CorruptDocumentException} (the ladder's key)
   * @param firstReport true for exactly one answer per verdict: the one to log
   */
  public CorruptVersionException(
      String assetId, String version, RuntimeException cause, boolean firstReport) {
    super(
        "corrupt version asset=" + assetId + " version=" + version + ": " + cause.getMessage(),
        cause,
        false,
        false); // answered from memory: no stack trace to fill
    this.assetId = assetId;
    this.version = version;
    this.firstReport = firstReport;
  }

  /** The asset whose version is corrupt. */
  public String assetId() {
    return assetId;
  }

  /** The corrupt version. */
  public String version() {
    return version;
  }

  /** Whether this answer reached the verdict and is the one to log. */
  public boolean firstReport() {
    return firstReport;
  }

  @Override
  public @Nullable String getLocalizedMessage() {
    return getMessage();
  }
}
