/**
 * The blob store Prism keeps its assets in: ranged reads, atomic writes and listing, over a local
 * folder ({@link dev.prism.store.FileBlobStore}) or S3 and S3-compatible services ({@link
 * dev.prism.store.S3BlobStore}). Knows nothing of media or HTTP serving.
 */
@NullMarked
package dev.prism.store;

import org.jspecify.annotations.NullMarked;
