package dev.prism.store.contract;

import org.jspecify.annotations.Nullable;

/**
 * A conditional write of the asset catalog lost a race: {@code asset.json} is no longer the
 * revision the writer read (another publish replaced, created or removed it first), or a version's
 * {@code ladder.json} already exists. Nothing was written; the winner's document is intact. The
 * message names the asset and what the catalog holds now.
 */
public final class AssetConflictException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String assetId;

  /**
   * @param assetId the asset whose document was not written
   * @param message what was expected and what was found, naming the asset
   * @param cause the store's refusal ({@code PreconditionFailedException})
   */
  public AssetConflictException(String assetId, String message, @Nullable Throwable cause) {
    super(message, cause);
    this.assetId = assetId;
  }

  /** The asset whose document was not written. */
  public String assetId() {
    return assetId;
  }
}
