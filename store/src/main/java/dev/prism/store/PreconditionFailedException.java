package dev.prism.store;

import org.jspecify.annotations.Nullable;

/**
 * A conditional write was refused because the object is not in the state the caller named: it
 * exists when it had to be absent, or its tag is not the expected one (someone else wrote it
 * first). Nothing was written. Distinct from {@link BlobNotFoundException} and {@link
 * BlobStoreException}: the store works, another writer won.
 *
 * <p>On S3 this is the answer {@code 412 Precondition Failed} to a {@code PutObject} with {@code
 * If-None-Match: *} or {@code If-Match}, or {@code 409 ConditionalRequestConflict} when a
 * concurrent write to the same key raced it (Amazon S3 API Reference, PutObject; Amazon S3 User
 * Guide, "Conditional writes").
 */
public final class PreconditionFailedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String key;
  private final @Nullable String expectedEtag;

  /**
   * @param key the key written
   * @param expectedEtag the tag the caller required, or null when it required the key to be absent
   * @param detail what the store found instead, for the message
   * @param cause the service's answer, if any
   */
  public PreconditionFailedException(
      String key, @Nullable String expectedEtag, String detail, @Nullable Throwable cause) {
    super(
        "conditional write of "
            + key
            + " refused ("
            + (expectedEtag == null ? "expected no object" : "expected tag " + expectedEtag)
            + "): "
            + detail,
        cause);
    this.key = key;
    this.expectedEtag = expectedEtag;
  }

  /** The key whose write was refused. */
  public String key() {
    return key;
  }

  /** The tag the caller required, or null when the key had to be absent. */
  public @Nullable String expectedEtag() {
    return expectedEtag;
  }
}
