package dev.prism.store;

import java.time.Instant;

/**
 * What a store knows about one object.
 *
 * @param sizeBytes the object's length in bytes
 * @param etag an opaque version tag: S3's ETag (quotes removed), or for files a tag derived from
 *     size and modification time; changes whenever the content is replaced
 * @param lastModified when the object was last written
 */
public record BlobMetadata(long sizeBytes, String etag, Instant lastModified) {
  public BlobMetadata {
    if (sizeBytes < 0) {
      throw new IllegalArgumentException("sizeBytes < 0: " + sizeBytes);
    }
  }
}
