package dev.prism.packager.naming;

import org.jspecify.annotations.Nullable;

/**
 * {@code /v1/{assetId}[/t/{tier}]/{version}/thumbs/{name}}: a thumbnail object (an image tile, as
 * in DASH-IF IOP's image adaptation sets; immutable). Never encrypted, so it has no {@code
 * /p/{config}} form and {@link #packagingConfig()} is always null. The names under {@code thumbs/}
 * are chosen by the thumbnail writer; the grammar fixes only that each is one valid id. Not served
 * yet.
 */
public record ThumbnailRequest(String assetId, @Nullable String tier, String version, String name)
    implements PackagingRequest {
  public ThumbnailRequest {
    ResourceNaming.checkId("assetId", assetId);
    ResourceNaming.checkOptionalId("tier", tier);
    ResourceNaming.checkId("version", version);
    ResourceNaming.checkId("name", name);
  }

  /** Always null: thumbnails are never encrypted. */
  @Override
  public @Nullable String packagingConfig() {
    return null;
  }
}
