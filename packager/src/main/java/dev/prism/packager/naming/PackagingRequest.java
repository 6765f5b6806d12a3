package dev.prism.packager.naming;

import org.jspecify.annotations.Nullable;

/**
 * A parsed request path: one record per resource kind of the URL grammar (docs/ARCHITECTURE.md,
 * "URLs"). Dispatch with an {@code instanceof} chain (Java 17); {@link
 * ResourceNaming#path(PackagingRequest)} formats it back and {@link ResourceNaming#parse(String)}
 * reads it, each the inverse of the other.
 *
 * <p>Every path lies under {@code /v1/{assetId}[/t/{tier}]/}, so one grant scoped to that prefix
 * ({@link ResourceNaming#grantPrefix(String, String)}) covers a whole playback.
 */
public sealed interface PackagingRequest
    permits MultivariantPlaylistRequest,
        MpdRequest,
        MediaPlaylistRequest,
        IFramePlaylistRequest,
        InitSegmentRequest,
        MediaSegmentRequest,
        TextSegmentRequest,
        ThumbnailRequest,
        KeyRequest {

  /** The asset id; valid per {@link ResourceNaming#isValidId(String)}. */
  String assetId();

  /**
   * The content version the resource embeds (records with a {@code version} component answer it),
   * or null for the entry manifests, which follow {@code asset.json}'s current version.
   */
  default @Nullable String version() {
    return null;
  }

  /**
   * The tier sealed into the grant ({@code /t/{tier}}), or null for the untiered form; a valid id
   * when present.
   */
  @Nullable String tier();

  /**
   * The packaging configuration ({@code /p/{config}}, e.g. {@code cenc}, {@code cbcs}, {@code
   * hls-aes128}), or null for clear resources; a valid id when present. Always null for {@link
   * TextSegmentRequest} and {@link ThumbnailRequest} (text and thumbnails are never encrypted),
   * never null for {@link KeyRequest}.
   */
  @Nullable String packagingConfig();
}
