package dev.prism.packager.naming;

import org.jspecify.annotations.Nullable;

/**
 * {@code /v1/{assetId}[/t/{tier}]/{version}/p/{config}/keys/{name}}: a key resource of a packaging
 * configuration, e.g. the AES-128 key of {@code EXT-X-KEY} (RFC 8216 §4.3.2.4) or a ClearKey
 * licence (W3C Encrypted Media Extensions); answered {@code private, no-store}. Exists only under a
 * configuration, so {@link #packagingConfig()} is never null. The names under {@code keys/} are
 * chosen by the key writer; the grammar fixes only that each is one valid id. Not served yet.
 */
public record KeyRequest(
    String assetId, @Nullable String tier, String version, String packagingConfig, String name)
    implements PackagingRequest {
  public KeyRequest {
    ResourceNaming.checkId("assetId", assetId);
    ResourceNaming.checkOptionalId("tier", tier);
    ResourceNaming.checkId("version", version);
    ResourceNaming.checkId("packagingConfig", packagingConfig);
    ResourceNaming.checkId("name", name);
  }
}
