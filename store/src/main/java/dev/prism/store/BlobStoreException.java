package dev.prism.store;

import org.jspecify.annotations.Nullable;

/** A store operation failed for a reason other than a missing key: I/O, network, permissions. */
public class BlobStoreException extends RuntimeException {
  public BlobStoreException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
