package dev.prism.store.contract;

import org.jspecify.annotations.Nullable;

/**
 * The store holds no {@code asset.json} for the asset, or no {@code ladder.json} for the version:
 * the asset (or that version of it) does not exist. An origin answers 404.
 */
public final class AssetNotFoundException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String assetId;
  private final @Nullable String version;

  /**
   * @param assetId the asset asked for
   * @param version the version asked for, or null when the asset itself is missing
   */
  public AssetNotFoundException(String assetId, @Nullable String version) {
    // Expected on the hot path (a 404): no stack trace.
    super(
        version == null ? "no asset " + assetId : "asset " + assetId + " has no version " + version,
        null,
        false,
        false);
    this.assetId = assetId;
    this.version = version;
  }

  /** The asset asked for. */
  public String assetId() {
    return assetId;
  }

  /** The version asked for, or null when the asset itself is missing. */
  public @Nullable String version() {
    return version;
  }
}
