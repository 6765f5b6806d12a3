package dev.prism.origin.delivery;

import dev.prism.packager.naming.PackagingRequest;
import java.util.concurrent.CompletableFuture;

/**
 * Produces the resources of the {@code /v1/} URLs (docs/ARCHITECTURE.md, "URLs"): one method for
 * every kind, so a new output kind needs no change here or in the routes.
 */
public interface Delivery {

  /**
   * The resource {@code request} names. Entry manifests ({@link PackagingRequest#version()} null)
   * follow {@code asset.json} and are short-lived; everything else embeds its version and is
   * immutable.
   *
   * @param request a parsed, validated request
   * @return a future that fails with the packager's {@code MissingResourceException} or the
   *     catalog's {@code AssetNotFoundException} (404), {@link CorruptTrackException} or the
   *     catalog's {@code CorruptDocumentException} (502), or the store's {@code BlobStoreException}
   *     (503); {@code HttpErrors} maps them
   */
  CompletableFuture<Resource> resource(PackagingRequest request);
}
