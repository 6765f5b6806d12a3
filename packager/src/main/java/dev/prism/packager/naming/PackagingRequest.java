package dev.prism.packager.naming;

import org.jspecify.annotations.Nullable;

/**
 * A parsed request path: one record per resource kind of DESIGN.md's URL table. Dispatch with an
 * {@code instanceof} chain (Java 17); {@link ResourceNaming#path(PackagingRequest)} formats it
 * back.
 */
public sealed interface PackagingRequest
    permits MultivariantPlaylistRequest,
        MpdRequest,
        MediaPlaylistRequest,
        InitSegmentRequest,
        MediaSegmentRequest {

  /** The asset id; valid per {@link ResourceNaming#isValidId(String)}. */
  String assetId();

  /**
   * The content version the resource embeds (records with a {@code version} component answer it),
   * or null for the entry manifests, which follow {@code asset.json}'s current version.
   */
  default @Nullable String version() {
    return null;
  }
}
