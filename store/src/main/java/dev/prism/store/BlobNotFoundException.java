package dev.prism.store;

/** The key does not exist in the store. Distinct from {@link BlobStoreException}'s I/O failures. */
public final class BlobNotFoundException extends RuntimeException {
  private final String key;

  public BlobNotFoundException(String key) {
    super("no such key: " + key);
    this.key = key;
  }

  /** The key that was asked for. */
  public String key() {
    return key;
  }
}
