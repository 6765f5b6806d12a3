package dev.prism.store;

import java.nio.file.Path;
import java.util.concurrent.Executor;

/**
 * Opens the configured store without the caller naming an implementation: the origin and the
 * command line go through here.
 */
public final class BlobStores {
  /**
   * Prism's default store folder, relative to the working directory ({@code .prism/store}; not
   * {@code ./store}, which is the source module).
   */
  public static final Path DEFAULT_FOLDER = Path.of(".prism", "store");

  private BlobStores() {}

  /** A store over a local folder, with its own small I/O pool. */
  public static BlobStore folder(Path root) {
    return new FileBlobStore(root);
  }

  /**
   * A store over a local folder doing its blocking I/O on {@code executor} (not closed with it).
   */
  public static BlobStore folder(Path root, Executor executor) {
    return new FileBlobStore(root, executor);
  }

  /** A store over {@link #DEFAULT_FOLDER}. */
  public static BlobStore defaultFolder() {
    return folder(DEFAULT_FOLDER);
  }

  /** A store in an S3 (or S3-compatible) bucket. */
  public static BlobStore s3(S3StoreSettings settings) {
    return new S3BlobStore(settings);
  }

  /** A store in an S3 (or S3-compatible) bucket whose calls are bounded by {@code timeouts}. */
  public static BlobStore s3(S3StoreSettings settings, S3Timeouts timeouts) {
    return new S3BlobStore(settings, timeouts);
  }

  /** Presigned URLs for the objects of the store {@link #s3(S3StoreSettings)} opens. */
  public static S3Presigning s3Presigning(S3StoreSettings settings) {
    return new S3Presigning(settings);
  }
}
